/**
 * Coeffection webhooks: the HMAC signature, event names, field typing by the board mappings, and their record
 * changes on {@code coeffection.record-changes}.
 */
package com.coeffection.sync.ingress.coeffection;
