/** Interaction payloads shaped like the ones Discord sends, for tests. */

const MANAGE_CHANNELS = String(1 << 4);

/** A chat-input interaction as Discord sends it. */
export function commandInteraction(
  sub: string,
  options: Array<{ name: string; value: string; focused?: boolean }>,
  extra: Record<string, unknown> = {},
) {
  const group = sub.startsWith('digest ') ? sub.split(' ')[0] : undefined;
  const name = group ? sub.split(' ')[1] : sub;
  const leaf = { type: 1, name, options: options.map((o) => ({ type: 3, ...o })) };
  return {
    id: '1100000000000000001',
    application_id: '1000000000000000001',
    type: options.some((o) => o.focused) ? 4 : 2,
    token: 'interaction-token',
    version: 1,
    locale: 'en-US',
    guild_id: '2000000000000000001',
    channel: { id: '3000000000000000001', type: 0 },
    channel_id: '3000000000000000001',
    member: {
      user: { id: '4000000000000000001', username: 'alice', global_name: 'Alice' },
      permissions: MANAGE_CHANNELS,
      roles: [],
    },
    data: {
      id: '5000000000000000001',
      name: 'k8s',
      type: 1,
      options: [group ? { type: 2, name: group, options: [leaf] } : leaf],
    },
    entitlements: [],
    app_permissions: '0',
    authorizing_integration_owners: {},
    ...extra,
  };
}
