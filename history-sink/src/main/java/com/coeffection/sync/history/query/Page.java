package com.coeffection.sync.history.query;

import java.util.List;

/**
 * One page of a list, newest first.
 *
 * @param next the cursor of the next page, null on the last one
 */
public record Page<T>(List<T> items, String next) {
}
