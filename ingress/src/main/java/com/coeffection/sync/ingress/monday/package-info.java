/** monday webhooks: JWT check, the delivered event types, and their item events on {@code monday.item-events}. */
package com.coeffection.sync.ingress.monday;
