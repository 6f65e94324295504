package io.shiptrack.api.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Tokens fail closed: the prod profile refuses to start unless the issuer, the verification key location (a JWKS
 * URL) and the audience are all set. Without the audience, a token another application of the same tenant was
 * issued, carrying a role of the same name, would be accepted; without the others, no token could be verified.
 */
@ApplicationScoped
public class TokenSettings {

    /** The settings the prod profile requires, in the order the message names them. */
    static final List<String> REQUIRED = List.of("mp.jwt.verify.issuer", "mp.jwt.verify.publickey.location",
            "mp.jwt.verify.audiences");

    void requireInProd(@Observes StartupEvent started) {
        if (ConfigUtils.getProfiles().contains("prod")) {
            Config config = ConfigProvider.getConfig();
            require(name -> config.getOptionalValue(name, String.class).orElse(null));
        }
    }

    /** Throws, naming every missing setting and its environment variable, unless all of {@link #REQUIRED} are set. */
    static void require(Function<String, String> settings) {
        List<String> missing = new ArrayList<>();
        for (String name : REQUIRED) {
            String value = settings.apply(name);
            if (value == null || value.isBlank()) {
                missing.add(name + " (" + name.toUpperCase(Locale.ROOT).replace('.', '_') + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("refusing to start: the prod profile verifies tokens only with an issuer, "
                    + "a key location and an audience; missing: " + String.join(", ", missing));
        }
    }
}
