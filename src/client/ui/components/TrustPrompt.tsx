/**
 * First contact with a chat server (docs/security.md "Trust on first use"):
 * its certificate fingerprint, and the question whether to trust it. Nothing
 * has been sent to the server yet; y pins it in known_servers, n leaves.
 */
import { Box, Text } from 'ink';
import type { TrustQuestion } from '../../core/state.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import { showFingerprint } from '../../../security/fingerprint.js';
import { theme } from '../layout/theme.js';

export interface TrustPromptProps {
  question: TrustQuestion;
  width: number;
  height: number;
}

/** `SHA256:AB:…` split in lines of at most `width` columns, at pair boundaries. */
function fingerprintLines(fingerprint: string, width: number): string[] {
  const text = showFingerprint(fingerprint);
  if (text.length <= width) return [text];
  const pairsPerLine = Math.max(1, Math.floor((width + 1) / 3));
  const [label, ...pairs] = [text.slice(0, 7), ...fingerprint.split(':')];
  const lines = [label];
  for (let i = 0; i < pairs.length; i += pairsPerLine) {
    lines.push(pairs.slice(i, i + pairsPerLine).join(':'));
  }
  return lines;
}

export function TrustPrompt({ question, width, height }: TrustPromptProps) {
  const boxWidth = Math.min(110, width - 2);
  const innerWidth = boxWidth - 6;
  return (
    <Box width={width} height={height} alignItems="center" justifyContent="center">
      <Box
        borderStyle="round"
        borderColor={theme.warn}
        flexDirection="column"
        paddingX={2}
        paddingY={1}
        width={boxWidth}
      >
        <Text bold color={theme.warn}>
          First connection to {sanitizeForTerminal(question.server)}
        </Text>
        <Text wrap="wrap">
          tchat has not met this server before. Its certificate fingerprint is:
        </Text>
        <Text> </Text>
        {fingerprintLines(question.fingerprint, innerWidth).map((line) => (
          <Text key={line} bold>
            {line}
          </Text>
        ))}
        <Text> </Text>
        <Text wrap="wrap">
          Compare it with the one the server admin published (`tchat server --fingerprint`).
        </Text>
        <Text wrap="wrap">Nothing has been sent yet.</Text>
        <Text wrap="wrap" color={theme.dim}>
          Trusted servers are kept in {sanitizeForTerminal(question.file)}
        </Text>
        <Text> </Text>
        <Text bold>Trust this server and connect? (y/n)</Text>
      </Box>
    </Box>
  );
}
