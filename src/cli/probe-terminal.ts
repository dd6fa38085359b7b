/**
 * Asks the terminal how wide it draws grapheme clusters (the samples and
 * rules are in src/terminal/width-probe.ts), before Ink draws anything: on
 * the freshly cleared alternate screen, so nothing of it is ever seen.
 * Waits at most `timeoutMs` for the answers; what typed keys arrive in the
 * meantime are handed back to stdin for the chat to read.
 */
import {
  parsePositionReports,
  probeOutput,
  widthsFromReports,
  WIDTH_SAMPLES,
} from '../terminal/width-probe.js';
import type { ClusterWidths } from '../terminal/text-width.js';

const EXPECTED_ANSWERS = Object.keys(WIDTH_SAMPLES).length;

export async function probeClusterWidths(
  stdout: NodeJS.WriteStream,
  stdin: NodeJS.ReadStream,
  timeoutMs = 400,
): Promise<{ widths: ClusterWidths; answered: number }> {
  if (!stdin.isTTY || !stdout.isTTY) return { widths: widthsFromReports([]), answered: 0 };
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  let received = '';
  // Read as Ink does ('readable' and read()), so that once our listener is gone the stream is
  // back in the state Ink expects to find it in ('data' plus pause() left it unread).
  const answers = await new Promise<number[]>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      stdin.off('readable', onReadable);
      resolve(parsePositionReports(received).columns);
    };
    const onReadable = (): void => {
      // setEncoding('utf8') above: read() returns strings.
      let chunk: string | null;
      while ((chunk = stdin.read() as string | null) !== null) received += chunk;
      if (parsePositionReports(received).columns.length >= EXPECTED_ANSWERS) done();
    };
    const timer = setTimeout(done, timeoutMs);
    stdin.on('readable', onReadable);
    stdout.write(probeOutput());
  });
  if (!wasRaw) stdin.setRawMode(false);
  const { rest } = parsePositionReports(received);
  if (rest !== '') stdin.unshift(rest, 'utf8');
  return { widths: widthsFromReports(answers), answered: answers.length };
}
