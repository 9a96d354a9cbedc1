/** Getting a delivery into Kafka durably and once: the idempotent writer, the de-duplication memory, dead letters. */
package com.coeffection.sync.ingress.delivery;
