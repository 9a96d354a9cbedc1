package com.coeffection.sync.matching;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizerTest {
    private final Normalizer us = new Normalizer("US");

    @Test
    void emailsCompareWithoutCaseSurroundingSpaceOrUnicodeForm() {
        assertThat(Normalizer.email("  Sarah.Chen@Globex.COM ")).contains("sarah.chen@globex.com");
        // a fullwidth "@" and letters in compatibility form read as the plain ones
        assertThat(Normalizer.email("ana\uFF20customer.example")).contains("ana@customer.example");
        assertThat(Normalizer.email("   ")).isEmpty();
        assertThat(Normalizer.email(null)).isEmpty();
    }

    @Test
    void phonesCompareAsE164InTheTenantsRegionAndUnreadableOnesNeverMatch() {
        assertThat(us.phone("(415) 555-0100")).contains("+14155550100");
        assertThat(us.phone("+1 415.555.0100")).contains("+14155550100");
        assertThat(us.phone("+44 20 7946 0958")).contains("+442079460958");
        assertThat(new Normalizer("DE").phone("030 1234567")).contains("+49301234567");
        assertThat(us.phone("12")).isEmpty();
        assertThat(us.phone("call me")).isEmpty();
        assertThat(new Normalizer(null).phone("4155550100")).as("no region, no country code").isEmpty();
    }

    @Test
    void namesCompareWithoutAccentsCaseOrExtraSpace() {
        assertThat(Normalizer.name("  José   MÜLLER ")).contains("jose muller");
        assertThat(Normalizer.name("Zoë Łukasz")).isPresent();
        assertThat(Normalizer.name("Ångström")).isEqualTo(Normalizer.name("angstrom"));
        assertThat(Normalizer.name("Yılmaz")).isEqualTo(Normalizer.name("YILMAZ"));
        assertThat(Normalizer.name("Straße")).isEqualTo(Normalizer.name("STRASSE"));
        assertThat(Normalizer.name("")).isEmpty();
    }
}
