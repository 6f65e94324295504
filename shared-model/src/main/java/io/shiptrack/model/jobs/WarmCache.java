package io.shiptrack.model.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.shiptrack.model.validation.RegionName;

/**
 * WARM_CACHE: load the most recently updated shipments into one region's Redis. Region-bound: it runs only on the
 * worker of {@link #region} (default: the region of the API that accepted it). ops only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "WarmCacheParameters")
public record WarmCache(
        @Min(value = 1, message = WarmCache.LIMIT_RULE) @Max(value = WarmCache.MAX_LIMIT, message = WarmCache.LIMIT_RULE) @Schema(nullable = true, minimum = "1", maximum = ""
                + WarmCache.MAX_LIMIT, description = "WARM_CACHE: how many of the most recently updated shipments to load (default 10000)") Integer limit,
        @RegionName @Schema(nullable = true, description = "WARM_CACHE: the region whose Redis to fill (default: the region of the API that accepted it)") String region)
        implements
            JobParameters {

    public static final int DEFAULT_LIMIT = 10_000;
    public static final int MAX_LIMIT = 100_000;
    static final String LIMIT_RULE = "must be 1 to " + MAX_LIMIT;

    @Override
    public WarmCache normalized(String caller, String defaultRegion) {
        return new WarmCache(limit == null ? DEFAULT_LIMIT : limit, region == null ? defaultRegion : region);
    }

    /** ops only. */
    @Override
    public boolean allows(Submitter submitter) {
        return submitter.ops();
    }
}
