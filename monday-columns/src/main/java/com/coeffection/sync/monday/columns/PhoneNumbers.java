package com.coeffection.sync.monday.columns;

import com.coeffection.sync.schema.PhoneValue;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.Locale;
import java.util.Optional;

/**
 * Phone numbers in E.164 with their country, as monday's phone column stores them and as matching compares them
 * ("exact phone match" compares normalised numbers).
 */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /**
     * The number in E.164 with its ISO 3166 country code, or empty when it is not a possible phone number.
     *
     * @param raw         the number as typed (with or without a leading {@code +})
     * @param countryHint ISO 3166 alpha-2 country used when the number has no international prefix; may be null
     */
    public static Optional<PhoneValue> normalise(String raw, String countryHint) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String region = countryHint == null || countryHint.isBlank() ? "ZZ" : countryHint.trim().toUpperCase(Locale.ROOT);
        try {
            Phonenumber.PhoneNumber parsed = UTIL.parse(raw.trim(), region);
            if (!UTIL.isPossibleNumber(parsed)) {
                return Optional.empty();
            }
            String country = UTIL.getRegionCodeForNumber(parsed);
            if (country == null || "ZZ".equals(country)) {
                country = "ZZ".equals(region) ? null : region;
            }
            return Optional.of(new PhoneValue(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164), country));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
