import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Test helpers for the jobs, locks and events suites (not used by production code). */

export const silentLogger = { warn: () => {}, error: () => {} };

/** Polls `condition` until it holds; throws with `what` when `timeoutMs` passes first. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Fixture {
  child: ChildProcessWithoutNullStreams;
  /** stdout lines so far. */
  lines: string[];
  /** stderr so far (for failure messages). */
  stderr(): string;
  /** Waits for a stdout line matching `pattern` (from the start) and returns it. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  exited: Promise<number | null>;
  /** Kills the child (if still running) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs a `.ts` script in a child process with the same Node (24, type stripping) as the
 * test runner; communicates by lines on stdin/stdout.
 */
export function spawnFixture(script: URL, args: string[]): Fixture {
  const child = spawn(process.execPath, [script.pathname, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  let exitCode: number | null | undefined;
  exited.then((code) => {
    exitCode = code;
  });
  return {
    child,
    lines,
    stderr: () => stderr,
    async waitForLine(pattern, timeoutMs = 20_000) {
      let found: string | undefined;
      await waitFor(
        () => {
          found = lines.find((line) => pattern.test(line));
          if (found === undefined && exitCode !== undefined) {
            throw new Error(`Child exited (${exitCode}) before printing ${pattern}; stderr: ${stderr}`);
          }
          return found !== undefined;
        },
        `a line matching ${pattern} from ${script.pathname} (stderr: ${stderr})`,
        timeoutMs,
      );
      return found!;
    },
    send(line) {
      child.stdin.write(`${line}\n`);
    },
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Reads stdin lines in a fixture script; resolves when `line` arrives (or stdin ends). */
export function waitForStdinLine(line: string): Promise<void> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (l) => {
      if (l.trim() === line) {
        rl.close();
        resolve();
      }
    });
    rl.on('close', () => resolve());
  });
}
