package io.shiptrack.api.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Plain JUnit: which settings the prod profile refuses to start without, and how it says so. */
class TokenSettingsTest {

    private static Map<String, String> complete() {
        Map<String, String> settings = new HashMap<>();
        settings.put("mp.jwt.verify.issuer", "https://login.microsoftonline.com/t/v2.0");
        settings.put("mp.jwt.verify.publickey.location", "https://login.microsoftonline.com/t/discovery/v2.0/keys");
        settings.put("mp.jwt.verify.audiences", "api://shiptrack");
        return settings;
    }

    @Test
    void allThreeSetStarts() {
        assertDoesNotThrow(() -> TokenSettings.require(complete()::get));
    }

    /** Stated here, not read from TokenSettings: emptying the code's list must fail this test. */
    private static final List<String> REQUIRED = List.of("mp.jwt.verify.issuer", "mp.jwt.verify.publickey.location",
            "mp.jwt.verify.audiences");

    @Test
    void eachMissingSettingIsNamedWithItsEnvironmentVariable() {
        for (String name : REQUIRED) {
            Map<String, String> settings = complete();
            settings.remove(name);
            String message = assertThrows(IllegalStateException.class, () -> TokenSettings.require(settings::get))
                    .getMessage();
            assertTrue(message.contains(name), message);
            assertTrue(message.contains(name.toUpperCase().replace('.', '_')), message);
            REQUIRED.stream().filter(other -> !other.equals(name))
                    .forEach(other -> assertFalse(message.contains(other + " "), message));
        }
    }

    @Test
    void aBlankAudienceIsMissing() {
        Map<String, String> settings = complete();
        settings.put("mp.jwt.verify.audiences", " ");
        assertThrows(IllegalStateException.class, () -> TokenSettings.require(settings::get));
    }
}
