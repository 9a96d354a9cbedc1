package com.coeffection.sync.matching;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.text.Normalizer.Form;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How values are made comparable before matching: an email by Unicode normal form, case and surrounding space; a
 * phone number as E.164 through libphonenumber, read in the tenant's default region when it has no country code
 * (a number that cannot be read as a valid number never matches); a name by Unicode normal form, without accents,
 * case (folded, so that "YILMAZ" is "Yılmaz" and "STRASSE" is "Straße") and repeated or surrounding white space.
 */
public final class Normalizer {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private final String defaultRegion;

    /** @param defaultRegion the tenant's region (ISO 3166 code, e.g. {@code US}) for numbers without a country code */
    public Normalizer(String defaultRegion) {
        this.defaultRegion = defaultRegion == null ? "ZZ" : defaultRegion.toUpperCase(Locale.ROOT);
    }

    /** The email to compare, or empty for a blank one. */
    public static Optional<String> email(String email) {
        if (email == null) {
            return Optional.empty();
        }
        String e = java.text.Normalizer.normalize(email, Form.NFKC).strip().toLowerCase(Locale.ROOT);
        return e.isEmpty() || !e.contains("@") ? Optional.empty() : Optional.of(e);
    }

    /** The number as E.164, or empty when it is blank or not a valid number. */
    public Optional<String> phone(String phone) {
        if (phone == null || phone.isBlank()) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber parsed = PHONES.parse(phone.strip(), defaultRegion);
            return PHONES.isValidNumber(parsed)
                    ? Optional.of(PHONES.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164)) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** The name to compare, or empty for a blank one. */
    public static Optional<String> name(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String decomposed = java.text.Normalizer.normalize(name, Form.NFKD);
        // upper then lower case folds letters whose cases do not pair one to one (Turkish dotless i, German sharp s)
        String n = SPACE.matcher(MARKS.matcher(decomposed).replaceAll("")).replaceAll(" ").strip()
                .toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return n.isEmpty() ? Optional.empty() : Optional.of(n);
    }
}
