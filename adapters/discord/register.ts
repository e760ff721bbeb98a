/**
 * npm run discord:register — registers /k8s from the same definitions the bot reads (commands.ts).
 * With DISCORD_GUILD_ID it registers in that server (instant, for development); otherwise globally.
 */
import { REST, Routes } from 'discord.js';
import { z } from 'zod';
import { commandDefinitions } from './commands.js';

const Env = z.object({
  DISCORD_TOKEN: z
    .string({ error: 'DISCORD_TOKEN is required (the bot token)' })
    .min(20, 'DISCORD_TOKEN looks too short'),
  DISCORD_APPLICATION_ID: z
    .string({ error: 'DISCORD_APPLICATION_ID is required' })
    .regex(/^\d{15,22}$/, 'DISCORD_APPLICATION_ID must be numeric'),
  DISCORD_GUILD_ID: z
    .string()
    .regex(/^\d{15,22}$/, 'DISCORD_GUILD_ID must be numeric')
    .optional(),
  DISCORD_API_URL: z.url().optional(),
});

export async function register(env: Record<string, string | undefined> = process.env): Promise<string> {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('\n'));
  const e = parsed.data;
  const rest = new REST(e.DISCORD_API_URL ? { api: e.DISCORD_API_URL } : {}).setToken(e.DISCORD_TOKEN);
  const route = e.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(e.DISCORD_APPLICATION_ID, e.DISCORD_GUILD_ID)
    : Routes.applicationCommands(e.DISCORD_APPLICATION_ID);
  await rest.put(route, { body: commandDefinitions() });
  return e.DISCORD_GUILD_ID
    ? `registered /k8s in server ${e.DISCORD_GUILD_ID}`
    : 'registered /k8s globally (may take up to an hour to appear)';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  register().then(
    (msg) => console.log(msg),
    (err: Error) => {
      console.error(`discord:register: ${err.message}`);
      process.exitCode = 1;
    },
  );
}
