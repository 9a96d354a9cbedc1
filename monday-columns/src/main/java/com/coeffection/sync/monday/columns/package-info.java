/** monday column types and the codecs between monday's column-value JSON and the contract's typed field values. */
package com.coeffection.sync.monday.columns;
