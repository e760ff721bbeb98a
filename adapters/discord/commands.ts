/**
 * The /k8s command, defined once with discord.js's builders (which validate names, lengths and counts), used by
 * the bot to read interactions and by `npm run discord:register` to register it.
 */
import { type RESTPostAPIChatInputApplicationCommandsJSONBody, SlashCommandBuilder } from 'discord.js';
import { COMMAND_NAME } from './command-text.js';

export { COMMAND_NAME, commandToText } from './command-text.js';

const WEEKDAY_CHOICES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => ({ name: d, value: d }));
const LANG_CHOICES = [
  { name: 'English', value: 'en' },
  { name: '日本語', value: 'ja' },
];

export function buildCommand(): SlashCommandBuilder {
  const command = new SlashCommandBuilder()
    .setName(COMMAND_NAME)
    .setDescription('Kubernetes features, releases and API versions')
    .setDescriptionLocalizations({ ja: 'Kubernetes の機能・リリース・API バージョン' });
  command
    .addSubcommand((s) =>
      s
        .setName('feature')
        .setDescription('A feature card: history, feature gate, KEP, example')
        .addStringOption((o) =>
          o
            .setName('name')
            .setDescription('Feature name, alias, gate or KEP (statefulset, petset, KEP 3140)')
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(200),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('release')
        .setDescription('What changed in a Kubernetes release')
        .addStringOption((o) =>
          o
            .setName('version')
            .setDescription('Minor version, such as 1.24')
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(20),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('compare')
        .setDescription('What changed between two releases (upgrade help)')
        .addStringOption((o) =>
          o
            .setName('from')
            .setDescription('Version you run now')
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(20),
        )
        .addStringOption((o) =>
          o
            .setName('to')
            .setDescription('Version you upgrade to')
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(20),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('api')
        .setDescription('Is an apiVersion still served? (extensions/v1beta1 Ingress)')
        .addStringOption((o) =>
          o
            .setName('name')
            .setDescription('group/version and kind, or a pasted error')
            .setRequired(true)
            .setMaxLength(500),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('search')
        .setDescription('The best matches with scores')
        .addStringOption((o) =>
          o.setName('query').setDescription('Words to search for').setRequired(true).setMaxLength(200),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('ask')
        .setDescription('Ask anything in your own words (English or Japanese)')
        .addStringOption((o) =>
          o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(1000),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('check')
        .setDescription('Check manifests for an upgrade: deprecated and removed APIs, fields, feature gates')
        .addAttachmentOption((o) =>
          o
            .setName('manifest')
            .setDescription('YAML or JSON manifests (helm template or kustomize output too), at most 256 KB')
            .setRequired(true),
        )
        .addStringOption((o) =>
          o
            .setName('target')
            .setDescription('Version you upgrade to (default: the newest)')
            .setAutocomplete(true)
            .setMaxLength(20),
        )
        .addStringOption((o) =>
          o
            .setName('from')
            .setDescription('Version you run now (says whether each way out is served there)')
            .setAutocomplete(true)
            .setMaxLength(20),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('cluster')
        .setDescription('A configured cluster: version, end of life, what breaks on the next minor')
        .addStringOption((o) =>
          o
            .setName('name')
            .setDescription('Cluster (kubeconfig context) name')
            .setAutocomplete(true)
            .setMaxLength(100),
        ),
    )
    .addSubcommand((s) => s.setName('help').setDescription('What the bot can answer'))
    .addSubcommandGroup((g) =>
      g
        .setName('digest')
        .setDescription('The weekly Kubernetes release digest for this channel')
        .addSubcommand((s) =>
          s
            .setName('subscribe')
            .setDescription('Post the digest here every week (needs Manage Channels)')
            .addStringOption((o) =>
              o
                .setName('weekday')
                .setDescription('Day of the week (default mon)')
                .addChoices(...WEEKDAY_CHOICES),
            )
            .addStringOption((o) =>
              o.setName('time').setDescription('HH:MM, 24-hour (default 09:00)').setMaxLength(5),
            )
            .addStringOption((o) =>
              o
                .setName('timezone')
                .setDescription('IANA time zone, such as Asia/Tokyo (default UTC)')
                .setAutocomplete(true)
                .setMaxLength(64),
            )
            .addStringOption((o) =>
              o
                .setName('language')
                .setDescription('Digest language')
                .addChoices(...LANG_CHOICES),
            ),
        )
        .addSubcommand((s) =>
          s.setName('unsubscribe').setDescription('Stop the digest in this channel (needs Manage Channels)'),
        )
        .addSubcommand((s) => s.setName('preview').setDescription('Show this week’s digest now'))
        .addSubcommand((s) => s.setName('status').setDescription('Show this channel’s digest schedule')),
    );
  return command;
}

/** The JSON the register script sends (validated by the builders as it is produced). */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [buildCommand().toJSON()];
}
