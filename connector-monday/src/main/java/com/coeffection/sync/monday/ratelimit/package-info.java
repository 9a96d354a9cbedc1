/**
 * Rate control driven by what monday reports: the complexity budget, the cost of each operation, and one mutation
 * per board at a time.
 */
package com.coeffection.sync.monday.ratelimit;
