/**
 * The interaction bodies the HTTP endpoint accepts, as a zod schema: the fields the handler reads, with their
 * types (an option tree at most three levels deep, permissions as a decimal bit string, embeds with text). A
 * signed body that does not match — `null`, a string where an object belongs, a permission that is not a number —
 * is refused with 400 instead of reaching code that would throw. Extra fields are kept.
 */
import type { APIInteraction } from 'discord.js';
import { z } from 'zod';
import { InteractionType } from './api-values.js';

const Snowflake = z.string().regex(/^\d{1,25}$/);

const User = z.looseObject({
  id: Snowflake,
  username: z.string().max(100).optional(),
  global_name: z.string().max(100).nullable().optional(),
});

const OptionValue = z
  .union([z.string().max(6000), z.number(), z.boolean()])
  .nullable()
  .optional();
const OptionLeaf = z.looseObject({
  type: z.number().int().min(1).max(11),
  name: z.string().min(1).max(100),
  value: OptionValue,
  focused: z.boolean().optional(),
});
const OptionLevel2 = OptionLeaf.extend({ options: z.array(OptionLeaf).max(25).optional() });
const OptionLevel1 = OptionLeaf.extend({ options: z.array(OptionLevel2).max(25).optional() });

const Embed = z.looseObject({
  title: z.string().max(256).optional(),
  description: z.string().max(4096).optional(),
  footer: z.looseObject({ text: z.string().max(2048) }).optional(),
});

export const InteractionBody = z
  .looseObject({
    type: z.number().int().min(1).max(5),
    id: Snowflake.optional(),
    application_id: Snowflake.optional(),
    token: z.string().max(500).optional(),
    guild_id: Snowflake.optional(),
    channel_id: Snowflake.optional(),
    channel: z.looseObject({ id: Snowflake }).optional(),
    member: z
      .looseObject({
        user: User.optional(),
        permissions: z
          .string()
          .regex(/^\d{1,30}$/)
          .optional(),
      })
      .optional(),
    user: User.optional(),
    locale: z.string().max(20).optional(),
    data: z
      .looseObject({
        name: z.string().max(100).optional(),
        custom_id: z.string().max(100).optional(),
        options: z.array(OptionLevel1).max(25).optional(),
      })
      .optional(),
    message: z.looseObject({ embeds: z.array(Embed).max(10) }).optional(),
  })
  .superRefine((i, ctx) => {
    const command =
      i.type === InteractionType.ApplicationCommand ||
      i.type === InteractionType.ApplicationCommandAutocomplete;
    if (command && typeof i.data?.name !== 'string')
      ctx.addIssue({ code: 'custom', path: ['data', 'name'], message: 'a command needs its name' });
    if (i.type === InteractionType.MessageComponent && (typeof i.data?.custom_id !== 'string' || !i.message))
      ctx.addIssue({
        code: 'custom',
        path: ['data'],
        message: 'a component needs its custom_id and message',
      });
  });

/** The interaction, when the body is one the endpoint can handle. */
export function parseInteraction(value: unknown): APIInteraction | undefined {
  const parsed = InteractionBody.safeParse(value);
  // The fields the handler reads are checked above; the rest is Discord's own shape.
  return parsed.success ? (parsed.data as unknown as APIInteraction) : undefined;
}
