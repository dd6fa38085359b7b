/** `tchat`: not built yet (see the issue that delivers it). */
export function run(_argv: string[]): Promise<number> {
  process.stderr.write('tchat: this command is not available yet\n');
  return Promise.resolve(1);
}
