package com.coeffection.sync.processor.match;

import com.coeffection.sync.monday.graphql.Model;

/**
 * Reads a monday board's items page by page with monday's cursor: the first page with the board
 * ({@code boards(ids:) { items_page }}), the following ones with {@code next_items_page(cursor:)}. A page's cursor
 * is null on the last page. monday keeps a cursor valid for 60 minutes.
 */
public interface BoardReader {
    /** The board's first page of at most {@code limit} items. */
    Model.ItemsPage first(long boardId, int limit);

    /** The page after {@code cursor}. */
    Model.ItemsPage next(String cursor, int limit);
}
