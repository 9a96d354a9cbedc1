package com.coeffection.sync.matching;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NameSimilarityTest {

    @Test
    void eightyFourPercentDoesNotMatchEightyFiveAndEightySixDo() {
        // 4 of 25 characters differ: 84%
        String a25 = "abcdefghijklmnopqrstuvwxy";
        String b84 = a25.substring(0, 21) + "1234";
        assertThat(NameSimilarity.of(a25, b84)).isCloseTo(0.84, within(1e-9));
        assertThat(NameSimilarity.atLeast(a25, b84, NameSimilarity.FUZZY_THRESHOLD)).isEqualTo(-1);
        // 3 of 20 differ: 85%
        String a20 = "abcdefghijklmnopqrst";
        String b85 = "abcdefghijklmnopq123";
        assertThat(NameSimilarity.of(a20, b85)).isCloseTo(0.85, within(1e-9));
        assertThat(NameSimilarity.atLeast(a20, b85, NameSimilarity.FUZZY_THRESHOLD)).isCloseTo(0.85, within(1e-9));
        // 7 of 50 differ: 86%
        String a50 = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwx";
        String b86 = a50.substring(0, 43) + "1234567";
        assertThat(NameSimilarity.of(a50, b86)).isCloseTo(0.86, within(1e-9));
        assertThat(NameSimilarity.atLeast(a50, b86, NameSimilarity.FUZZY_THRESHOLD)).isCloseTo(0.86, within(1e-9));
    }

    @Test
    void anInsertionCountsAsOneEdit() {
        assertThat(NameSimilarity.of("jon smith", "john smith")).isCloseTo(0.9, within(1e-9));
    }

    @Property(tries = 300)
    void theBoundedComputationAgreesWithTheFullOne(@ForAll @AlphaChars @StringLength(min = 1, max = 24) String a,
                                                   @ForAll @AlphaChars @StringLength(min = 1, max = 24) String b) {
        double full = NameSimilarity.of(a, b);
        double bounded = NameSimilarity.atLeast(a, b, NameSimilarity.FUZZY_THRESHOLD);
        if (full >= NameSimilarity.FUZZY_THRESHOLD - 1e-9) {
            assertThat(bounded).isCloseTo(full, within(1e-9));
        } else {
            assertThat(bounded).isEqualTo(-1);
        }
    }
}
