/** Runs the CLI's `main` in-process with its output captured (the CLI tests' one runner). */
import { main } from '../../lib/node/cli';

/** Runs main with captured output, at a fixed clock (`now`, epoch ms) unless given another. */
export async function runCli(argv: string[], now = Date.parse('2030-01-01T00:00:00Z')) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    now: () => now,
  });
  return { code, stdout, stderr };
}
