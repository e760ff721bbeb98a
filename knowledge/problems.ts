import type { z } from 'zod';

/** One thing wrong with the corpus: the file, the path inside it, and what is wrong. */
export interface Problem {
  file: string;
  path: string;
  message: string;
}

export class CorpusError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`the knowledge corpus has ${problems.length} problem(s):\n${formatProblems(problems)}`);
    this.name = 'CorpusError';
  }
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `  ${p.file}${p.path ? ` ${p.path}` : ''}: ${p.message}`).join('\n');
}

export function zodProblems(file: string, error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({ file, path: issue.path.join('.'), message: issue.message }));
}
