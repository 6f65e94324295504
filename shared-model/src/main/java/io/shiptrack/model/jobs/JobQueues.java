package io.shiptrack.model.jobs;

import java.util.regex.Pattern;

/**
 * Which queue a job message goes to. Region-free jobs share the one jobs queue, which both regions' workers
 * consume (active/active); a region-bound job ({@code WARM_CACHE}) goes to its region's own queue
 * {@code <queue>-<region>}, which only that region's worker consumes. See docs/deploy.md, "Jobs in two regions".
 */
public final class JobQueues {

    /** A region name as it appears in queue names: lowercase letters, digits and hyphens (Azure queue rules). */
    public static final Pattern REGION = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?");

    private JobQueues() {
    }

    /** The queue of {@code region}'s region-bound jobs. */
    public static String forRegion(String queue, String region) {
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("not a region name: " + region);
        }
        return queue + "-" + region;
    }

    /** The queue {@code message} goes to: its region's, or the shared {@code queue} when it has none. */
    public static String of(String queue, JobMessage message) {
        return message.region() == null ? queue : forRegion(queue, message.region());
    }
}
