/** Request payloads shaped like the ones Slack sends, for tests and benchmarks. */

/** The fields of a /k8s slash command, as Slack posts them (form fields in HTTP mode, JSON in Socket Mode). */
export function slashCommand(
  text: string,
  responseUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    token: 'legacy',
    team_id: 'T1',
    channel_id: 'C123',
    channel_name: 'platform',
    user_id: 'U42',
    user_name: 'alice',
    command: '/k8s',
    text,
    api_app_id: 'A1',
    trigger_id: 't',
    response_url: responseUrl,
    ...extra,
  };
}

/** A button click (block_actions) on an ephemeral message in #platform, by alice. */
export function buttonClick(
  action: { actionId: string; blockId: string; value: string },
  responseUrl: string,
) {
  return {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: 'U42', username: 'alice', name: 'alice' },
    api_app_id: 'A1',
    token: 'legacy',
    container: { type: 'message', message_ts: '1.2', channel_id: 'C123', is_ephemeral: true },
    trigger_id: 't',
    channel: { id: 'C123', name: 'platform' },
    response_url: responseUrl,
    actions: [
      {
        type: 'button',
        action_id: action.actionId,
        block_id: action.blockId,
        value: action.value,
        action_ts: '1.3',
      },
    ],
  };
}
