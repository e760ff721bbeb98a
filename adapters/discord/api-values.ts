/**
 * The few Discord API numbers the HTTP endpoint and the renderers use, typed as discord.js's enum members.
 * Importing discord.js for them would load the whole library (~50 MiB, ~0.3 s) into a process that only
 * answers HTTP interactions; a test checks each value against discord.js.
 */
import type {
  ButtonStyle as ButtonStyleEnum,
  ComponentType as ComponentTypeEnum,
  InteractionResponseType as InteractionResponseTypeEnum,
  InteractionType as InteractionTypeEnum,
  MessageFlags as MessageFlagsEnum,
} from 'discord.js';

export const InteractionType = {
  Ping: 1 as InteractionTypeEnum.Ping,
  ApplicationCommand: 2 as InteractionTypeEnum.ApplicationCommand,
  MessageComponent: 3 as InteractionTypeEnum.MessageComponent,
  ApplicationCommandAutocomplete: 4 as InteractionTypeEnum.ApplicationCommandAutocomplete,
  ModalSubmit: 5 as InteractionTypeEnum.ModalSubmit,
} as const;

export const InteractionResponseType = {
  Pong: 1 as InteractionResponseTypeEnum.Pong,
  ChannelMessageWithSource: 4 as InteractionResponseTypeEnum.ChannelMessageWithSource,
  ApplicationCommandAutocompleteResult: 8 as InteractionResponseTypeEnum.ApplicationCommandAutocompleteResult,
} as const;

export const MessageFlags = { Ephemeral: 64 as MessageFlagsEnum.Ephemeral } as const;

export const ComponentType = {
  ActionRow: 1 as ComponentTypeEnum.ActionRow,
  Button: 2 as ComponentTypeEnum.Button,
} as const;

export const ButtonStyle = {
  Primary: 1 as ButtonStyleEnum.Primary,
  Secondary: 2 as ButtonStyleEnum.Secondary,
} as const;

export const PermissionFlagsBits = { ManageChannels: 1n << 4n } as const;
