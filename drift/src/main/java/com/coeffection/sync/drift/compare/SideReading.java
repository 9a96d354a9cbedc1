package com.coeffection.sync.drift.compare;

import java.util.Map;

/**
 * What one side shows for every compared field of one record or item, and the fields whose value could not be read
 * as their mapped type (named with the reason; never guessed, never compared).
 *
 * @param fields     field name to what the side shows (an absent field shows nothing: empty)
 * @param unreadable field name to why its value could not be read
 */
public record SideReading(Map<String, Seen> fields, Map<String, String> unreadable) {
    public SideReading {
        fields = Map.copyOf(fields);
        unreadable = Map.copyOf(unreadable);
    }
}
