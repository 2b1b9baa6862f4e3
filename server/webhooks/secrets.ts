import type { ProvinceConfig } from '@shared/config';

/**
 * Each webhook's HMAC secret: inline in the config (`secret`, meant for tests), or read from the
 * environment variable the config names (`secretEnv`), so the config file can be shared without it.
 */
export function resolveWebhookSecrets(config: ProvinceConfig, env: Record<string, string | undefined>): { secrets: Map<string, string> } | { problems: string[] } {
  const secrets = new Map<string, string>();
  const problems: string[] = [];
  config.webhooks.forEach((hook, i) => {
    const secret = hook.secret ?? (hook.secretEnv ? env[hook.secretEnv] : undefined);
    if (secret === undefined || secret.length === 0) problems.push(`webhooks.${i}.secretEnv: the environment variable ${hook.secretEnv} is not set`);
    else if (secret.length < 16) problems.push(`webhooks.${i}.secretEnv: ${hook.secretEnv} has fewer than 16 characters`);
    else secrets.set(hook.id, secret);
  });
  return problems.length ? { problems } : { secrets };
}
