package com.coeffection.sync.matching;

/**
 * What matching needs to know of a record: its key, name, email and phone (raw), and the monday group its stage maps
 * to (null when the entity has no stages or the stage has no group).
 */
public record RecordFacts(String recordKey, String name, String email, String phone, String groupId) {
}
