/**
 * Verifying Sixtyfour's signed webhook deliveries: {@link io.s64.webhook.WebhookVerifier}.
 */
@NullMarked
package io.s64.webhook;

import org.jspecify.annotations.NullMarked;
