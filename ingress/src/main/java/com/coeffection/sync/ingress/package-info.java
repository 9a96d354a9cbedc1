/**
 * The webhook ingress: {@link com.coeffection.sync.ingress.IngressServer} takes monday and Coeffection webhooks
 * over HTTP and writes them to Kafka, answering 200 only once Kafka has them. See {@code docs/webhook-ingress.md}.
 */
package com.coeffection.sync.ingress;
