/**
 * One interaction handler for both ways Discord delivers interactions: raw JSON on the HTTP endpoint and
 * discord.js objects on the gateway. Both are read into an InteractionInput; the reply is plain data.
 */
import type { APIEmbed, APIInteraction, APIInteractionResponse } from 'discord.js';

import type { Bot } from '../../bot/bot.js';
import type { CheckDocument } from '../../bot/check/input.js';
import type { ChannelContext } from '../../bot/digest/commands.js';
import type { Lang } from '../../bot/messages.js';
import { messages } from '../../bot/messages.js';
import { hasJapanese } from '../../knowledge/text.js';
import { compareVersions } from '../../knowledge/versions.js';
import { InteractionResponseType, InteractionType, MessageFlags, PermissionFlagsBits } from './api-values.js';
import { COMMAND_NAME, commandToText } from './command-text.js';
import { CUSTOM_IDS, cardToEmbeds, type DiscordMessage, NO_MENTIONS } from './render.js';

/** The option tree both the API and discord.js use: { type, name, value?, focused?, options? }. */
export interface OptionNode {
  type: number;
  name: string;
  value?: unknown;
  focused?: boolean;
  options?: readonly OptionNode[];
}

export interface InteractionInput {
  kind: 'ping' | 'command' | 'autocomplete' | 'button' | 'unknown';
  commandName?: string;
  subcommand?: string;
  group?: string;
  options: Record<string, string>;
  focused?: { name: string; value: string };
  customId?: string;
  /** The message a button sits on (for Share). */
  embeds?: APIEmbed[];
  userId: string;
  userName?: string;
  channelId?: string;
  guildId?: string;
  canManage: boolean;
  locale?: string;
  /** Files attached to the command (the `check` subcommand's manifest option), as Discord resolved them. */
  attachments?: DiscordAttachment[];
}

export interface DiscordAttachment {
  id: string;
  filename: string;
  url: string;
  size?: number;
}

/** What the adapter gives the handler: how to read an attachment (from Discord's CDN only). */
export interface InteractionDeps {
  readAttachment?: (a: DiscordAttachment) => Promise<CheckDocument>;
}

export type InteractionReply =
  | { type: 'pong' }
  | { type: 'message'; ephemeral: boolean; message: DiscordMessage }
  | { type: 'autocomplete'; choices: Array<{ name: string; value: string }> };

const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const MAX_CHOICES = 25;
const MAX_CHOICE_CHARS = 100;

/** Reads subcommand, group, option values and the focused option out of an option tree. */
export function readOptions(
  nodes: readonly OptionNode[] | undefined,
): Pick<InteractionInput, 'subcommand' | 'group' | 'options' | 'focused'> {
  const out: Pick<InteractionInput, 'subcommand' | 'group' | 'options' | 'focused'> = { options: {} };
  const walk = (list: readonly OptionNode[] | undefined) => {
    for (const o of list ?? []) {
      if (o.type === SUB_COMMAND_GROUP) {
        out.group = o.name;
        walk(o.options);
      } else if (o.type === SUB_COMMAND) {
        out.subcommand = o.name;
        walk(o.options);
      } else if (o.value !== undefined && o.value !== null) {
        out.options[o.name] = String(o.value);
        if (o.focused) out.focused = { name: o.name, value: String(o.value) };
      }
    }
  };
  walk(nodes);
  return out;
}

function canManage(permissions: string | undefined, inGuild: boolean): boolean {
  if (!inGuild) return true;
  if (permissions === undefined) return false;
  return (BigInt(permissions) & PermissionFlagsBits.ManageChannels) !== 0n;
}

/** Reads a raw interaction from the HTTP endpoint. */
export function fromApi(i: APIInteraction): InteractionInput {
  const user = i.member?.user ?? i.user;
  const base = {
    userId: user?.id ?? 'unknown',
    ...(user ? { userName: user.global_name ?? user.username } : {}),
    ...(i.channel?.id ? { channelId: i.channel.id } : {}),
    ...(i.guild_id ? { guildId: i.guild_id } : {}),
    canManage: canManage(i.member?.permissions, Boolean(i.guild_id)),
    ...('locale' in i && typeof i.locale === 'string' ? { locale: i.locale } : {}),
    options: {},
  };
  switch (i.type) {
    case InteractionType.Ping:
      return { ...base, kind: 'ping' };
    case InteractionType.ApplicationCommand:
    case InteractionType.ApplicationCommandAutocomplete: {
      const data = i.data as {
        name: string;
        options?: OptionNode[];
        resolved?: {
          attachments?: Record<string, { id: string; filename: string; url: string; size?: number }>;
        };
      };
      const attachments = Object.values(data.resolved?.attachments ?? {}).map((a) => ({
        id: a.id,
        filename: a.filename,
        url: a.url,
        ...(typeof a.size === 'number' ? { size: a.size } : {}),
      }));
      return {
        ...base,
        ...readOptions(data.options),
        ...(attachments.length > 0 ? { attachments } : {}),
        kind: i.type === InteractionType.ApplicationCommand ? 'command' : 'autocomplete',
        commandName: data.name,
      };
    }
    case InteractionType.MessageComponent:
      return { ...base, kind: 'button', customId: i.data.custom_id, embeds: i.message.embeds };
    default:
      return { ...base, kind: 'unknown' };
  }
}

function langOf(input: InteractionInput): Lang | undefined {
  return input.locale?.startsWith('ja') ? 'ja' : undefined;
}

function channelOf(input: InteractionInput): ChannelContext | undefined {
  if (!input.channelId) return undefined;
  return {
    platform: 'discord',
    workspaceId: input.guildId ?? '',
    channelId: input.channelId,
    userId: input.userId,
    ...(input.userName ? { userName: input.userName } : {}),
    canManage: input.canManage,
  };
}

function versionChoices(bot: Bot, typed: string): Array<{ name: string; value: string }> {
  const prefix = typed.trim().replace(/^v/i, '');
  return [...bot.corpus.releases]
    .sort((a, b) => compareVersions(b.version, a.version))
    .filter((r) => r.version.startsWith(prefix))
    .slice(0, MAX_CHOICES)
    .map((r) => ({
      name: `${r.version}${r.themes[0] ? ` — ${r.themes[0]}` : ''}${r.releaseDate ? ` (${r.releaseDate})` : ' (planned)'}`.slice(
        0,
        MAX_CHOICE_CHARS,
      ),
      value: r.version,
    }));
}

function timeZoneChoices(typed: string): Array<{ name: string; value: string }> {
  const needle = typed.trim().toLowerCase();
  return ['UTC', ...Intl.supportedValuesOf('timeZone')]
    .filter((z) => z.toLowerCase().includes(needle))
    .slice(0, MAX_CHOICES)
    .map((z) => ({ name: z, value: z }));
}

/** Answers autocomplete from the corpus: at most 25 choices, names at most 100 characters. */
export function autocomplete(bot: Bot, input: InteractionInput): Array<{ name: string; value: string }> {
  const focused = input.focused;
  if (!focused) return [];
  if (input.subcommand === 'cluster')
    return (bot.clusters?.names() ?? [])
      .filter((n) => n.toLowerCase().includes(focused.value.trim().toLowerCase()))
      .slice(0, MAX_CHOICES)
      .map((n) => ({ name: n.slice(0, MAX_CHOICE_CHARS), value: n.slice(0, MAX_CHOICE_CHARS) }));
  switch (focused.name) {
    case 'name':
      return bot.index
        .complete(focused.value, MAX_CHOICES)
        .map((f) => ({ name: f.name.slice(0, MAX_CHOICE_CHARS), value: f.id.slice(0, MAX_CHOICE_CHARS) }));
    case 'version':
    case 'from':
    case 'to':
    case 'target':
      return versionChoices(bot, focused.value);
    case 'timezone':
      return timeZoneChoices(focused.value);
    default:
      return [];
  }
}

async function reply(
  bot: Bot,
  text: string,
  input: InteractionInput,
  ephemeral: boolean,
  share: boolean,
  documents: CheckDocument[] = [],
): Promise<InteractionReply> {
  const lang = langOf(input);
  const channel = channelOf(input);
  const answer = await bot.respond(text, {
    ...(lang ? { lang } : {}),
    ...(channel ? { channel } : {}),
    ...(documents.length > 0 ? { documents } : {}),
  });
  const shareable = share && answer.kind !== 'error' && answer.kind !== 'help' && answer.kind !== 'not_found';
  return { type: 'message', ephemeral, message: cardToEmbeds(answer.card, { share: shareable }) };
}

/** The platform-neutral part: what to answer for an interaction (digest commands may wait, briefly, on the store). */
export async function handleInteraction(
  bot: Bot,
  input: InteractionInput,
  deps: InteractionDeps = {},
): Promise<InteractionReply> {
  switch (input.kind) {
    case 'ping':
      return { type: 'pong' };
    case 'autocomplete':
      return { type: 'autocomplete', choices: autocomplete(bot, input) };
    case 'command': {
      if (input.commandName !== COMMAND_NAME || !input.subcommand)
        return reply(bot, 'help', input, true, false);
      const text = commandToText(input.subcommand, input.group, input.options);
      if (input.subcommand === 'check') {
        // The manifest option holds the attachment's id; the file is read from Discord's CDN, nothing else.
        const read = deps.readAttachment;
        const wanted = (input.attachments ?? []).filter((a) => a.id === input.options.manifest);
        const documents = read
          ? await Promise.all(wanted.map((a) => read(a)))
          : wanted.map((a) => ({ name: a.filename }));
        return reply(bot, text, input, true, false, documents);
      }
      const subscriptionChange = input.group === 'digest' && input.subcommand !== 'preview';
      return reply(bot, text, input, true, !subscriptionChange);
    }
    case 'button': {
      const id = input.customId ?? '';
      if (id === CUSTOM_IDS.share) {
        const embeds = (input.embeds ?? []).map((e) => ({
          ...e,
          footer: {
            text: [
              messages(hasJapanese(`${e.title ?? ''}${e.description ?? ''}`) ? 'ja' : 'en').sharedBy(
                input.userName ?? '?',
              ),
              e.footer?.text,
            ]
              .filter(Boolean)
              .join(' · ')
              .slice(0, 2048),
          },
        }));
        return {
          type: 'message',
          ephemeral: false,
          message: { embeds, components: [], allowed_mentions: NO_MENTIONS },
        };
      }
      if (id.startsWith(CUSTOM_IDS.feature))
        return reply(bot, `feature ${id.slice(CUSTOM_IDS.feature.length)}`, input, true, true);
      if (id.startsWith(CUSTOM_IDS.ask))
        return reply(bot, id.slice(CUSTOM_IDS.ask.length), input, true, true);
      return reply(bot, 'help', input, true, false);
    }
    default:
      return reply(bot, 'help', input, true, false);
  }
}

/** The HTTP response body for a reply: PONG, a type-4 message, or type-8 autocomplete choices. */
export function toApiResponse(r: InteractionReply): APIInteractionResponse {
  switch (r.type) {
    case 'pong':
      return { type: InteractionResponseType.Pong };
    case 'autocomplete':
      return {
        type: InteractionResponseType.ApplicationCommandAutocompleteResult,
        data: { choices: r.choices },
      };
    case 'message':
      return {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { ...r.message, ...(r.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) },
      };
  }
}
