/** The monday sink worker: reads monday commands, coalesces them, writes them to monday in budget-aware batches. */
package com.coeffection.sync.monday.sink;
