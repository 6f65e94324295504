package io.shiptrack.devservices.deployment;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.deployment.IsDevServicesSupportedByLaunchMode;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.shiptrack.localstack.Azurite;

/**
 * The Shiptrack Dev Service: in dev and test mode (never in a packaged application), starts Azurite and
 * redis-server as local processes, without Docker, and points the application at them. Quarkus starts the services
 * before the application, keeps them across live reloads while this configuration stays the same, shows them in the
 * Dev UI and stops them when dev mode or the test run ends.
 */
@BuildSteps(onlyIf = {IsDevServicesSupportedByLaunchMode.class, DevServicesConfig.Enabled.class})
public class ShiptrackDevServicesProcessor {

    static final String FEATURE = "shiptrack-dev-services";

    private static final Logger LOG = Logger.getLogger(ShiptrackDevServicesProcessor.class);

    /** What identifies a running Azurite: the same settings after a live reload reuse it, data and all. */
    record AzuriteSettings(List<String> regions, boolean demoData) {
    }

    /** A running redis-server has no settings to compare; one is reused for as long as it is asked for. */
    record RedisSettings() {
    }

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    void devServices(LaunchModeBuildItem launchMode, ShiptrackDevServicesConfig config,
            BuildProducer<DevServicesResultBuildItem> services) {
        if (!config.enabled()) {
            LOG.debug("quarkus.shiptrack.devservices.enabled is false: starting neither Azurite nor redis-server");
            return;
        }
        if (ConfigUtils.isPropertyNonEmpty("shiptrack.storage.connection-string")
                || ConfigUtils.isPropertyNonEmpty("shiptrack.storage.account-name")) {
            LOG.debug("Storage is configured: not starting Azurite");
        } else {
            AzuriteSettings settings = new AzuriteSettings(regions(),
                    config.demoData() && launchMode.getLaunchMode() == LaunchMode.DEVELOPMENT);
            // On a fresh clone `npm ci` (about a minute) then runs while the application is built, not after it.
            CompletableFuture.runAsync(Azurite::install);
            services.produce(DevServicesResultBuildItem.owned().feature(FEATURE).serviceName("azurite")
                    .description("Azurite storage emulator (tables, queues), a local process")
                    .serviceConfig(settings)
                    .startable(() -> new AzuriteDevService(settings.regions(), settings.demoData()))
                    .configProvider(Map.of("shiptrack.storage.connection-string",
                            AzuriteDevService::connectionString))
                    .build());
        }
        if (!config.redis() || ConfigUtils.isPropertyNonEmpty("quarkus.redis.hosts")) {
            LOG.debug("Redis is configured or quarkus.shiptrack.devservices.redis is false: not starting redis-server");
        } else {
            services.produce(DevServicesResultBuildItem.owned().feature(FEATURE).serviceName("redis")
                    .description("redis-server, a local process")
                    .serviceConfig(new RedisSettings())
                    .startable(RedisDevService::new)
                    .configProvider(Map.of("quarkus.redis.hosts", RedisDevService::uri))
                    .build());
        }
    }

    /** The regions whose own jobs queues to create besides the shared one ({@code shiptrack.regions}). */
    private static List<String> regions() {
        return ConfigProvider.getConfig().getOptionalValues("shiptrack.regions", String.class).orElse(List.of());
    }
}
