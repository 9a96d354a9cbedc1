/** Where a tenant's monday API token comes from (re-read on every use, so a reconnect needs no restart). */
package com.coeffection.sync.monday.tokens;
