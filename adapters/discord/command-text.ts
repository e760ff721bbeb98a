/**
 * The /k8s command's name and how an invocation becomes the text the core understands. Kept apart from the
 * builders in ./commands.ts (discord.js) so the HTTP endpoint can read interactions without loading discord.js.
 */
export const COMMAND_NAME = 'k8s';

/** Turns a /k8s invocation into the text the core understands. */
export function commandToText(
  subcommand: string,
  group: string | undefined,
  options: Record<string, string>,
): string {
  if (group === 'digest') {
    const args = [options.weekday, options.time, options.timezone, options.language]
      .filter(Boolean)
      .join(' ');
    return `digest ${subcommand}${args ? ` ${args}` : ''}`;
  }
  switch (subcommand) {
    case 'feature':
      return `feature ${options.name ?? ''}`;
    case 'release':
      return `release ${options.version ?? ''}`;
    case 'compare':
      return `compare ${options.from ?? ''} ${options.to ?? ''}`;
    case 'api':
      return `api ${options.name ?? ''}`;
    case 'search':
      return `search ${options.query ?? ''}`;
    case 'ask':
      return options.question ?? '';
    case 'check':
      return ['check', options.target, options.from ? `from ${options.from}` : undefined]
        .filter(Boolean)
        .join(' ');
    case 'cluster':
      return `cluster ${options.name ?? ''}`.trim();
    default:
      return 'help';
  }
}
