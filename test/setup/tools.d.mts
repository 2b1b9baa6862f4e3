/** Types of tools.mjs. */
export interface Tool {
  /** What messages call it; for a command, the name looked up on PATH. */
  name: string;
  /** The Debian package that provides it. */
  pkg: string;
  /** A fixed file instead of a command on PATH. */
  file?: string;
  /** An environment variable that points at the file instead (e.g. CHROMIUM_PATH). */
  env?: string;
  /** Who needs it. */
  why: string;
}

export interface PrepareOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  tools?: readonly Tool[];
  /** Whether this process may install packages; default: it runs as root. */
  root?: boolean;
}

/** One row per tool: add a row when a test starts using a new program. */
export const TOOLS: readonly Tool[];

/** A missing tool that cannot be installed here, or a failed install: its message is the one line to show. */
export class PrepareError extends Error {}

/** The absolute path of a command on PATH (then in the sbin folders), or null. */
export function findCommand(name: string, env?: NodeJS.ProcessEnv): string | null;

/** Where the tool is, or null when it is missing. */
export function findTool(tool: Tool, env?: NodeJS.ProcessEnv): string | null;

/** Makes sure every tool is there, installing the missing ones if this is root on a machine with apt-get. */
export function prepareTools(options?: PrepareOptions): void;

/** PATH plus the sbin folders holding a tool that PATH does not reach, so that tests can run each tool by name. */
export function pathWithTools(env?: NodeJS.ProcessEnv): string;
