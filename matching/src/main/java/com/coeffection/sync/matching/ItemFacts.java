package com.coeffection.sync.matching;

/**
 * What matching needs to know of a monday item: its name, group and the values of the columns mapped to the
 * record's email and phone (raw, as read from monday; null when blank or unreadable).
 */
public record ItemFacts(long itemId, String name, String groupId, String email, String phone) {
}
