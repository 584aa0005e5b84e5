/** Structured one-line JSON logs on stdout; the level is set once from the environment. */
const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof levels;

let threshold: number = levels.info;

export function setLogLevel(level: LogLevel) {
  threshold = levels[level];
}

/**
 * Whether a line of this level would be written (to skip building one that would not).
 *
 * @example
 * if (logEnabled('debug')) logger.debug('plan', { rows: explain(query) });
 */
export const logEnabled = (level: Exclude<LogLevel, 'silent'>): boolean => levels[level] >= threshold;

function write(level: Exclude<LogLevel, 'silent'>, message: string, fields: Record<string, unknown> = {}) {
  if (levels[level] < threshold) return;
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`);
}

export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
