package com.coeffection.sync.matching;

/** The rules that match an existing monday item to a record, in the order they are tried (highest confidence first). */
public enum MatchRule {
    /** The record's email equals the item's email column. */
    EXACT_EMAIL,
    /** The record's phone equals the item's phone column, both as E.164. */
    EXACT_PHONE,
    /** The record's name equals the item's name, and the item is in the group the record's stage maps to. */
    EXACT_NAME_IN_GROUP,
    /** The names are at least 85% similar: never applied without a person's approval. */
    FUZZY_NAME
}
