package io.shiptrack.worker.host;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A six-field NCRONTAB expression ({@code sec min hour day month day-of-week}) as the timer trigger takes it, in
 * UTC, with {@code *}, numbers, ranges {@code a-b}, lists {@code a,b} and steps {@code *}{@code /n}.
 */
final class NcrontabSchedule {

    private static final int[][] RANGES = {{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}};

    private final BitSet[] fields = new BitSet[6];
    private final String expression;

    NcrontabSchedule(String expression) {
        this.expression = expression;
        String[] parts = expression.trim().split("\\s+");
        if (parts.length != 6) {
            throw new IllegalArgumentException("an NCRONTAB schedule has 6 fields: " + expression);
        }
        for (int i = 0; i < 6; i++) {
            fields[i] = parse(parts[i], RANGES[i][0], RANGES[i][1]);
        }
    }

    /** The first second after {@code after} that matches. */
    Instant next(Instant after) {
        ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        for (int i = 0; i < 60 * 60 * 24 * 8; i++) {
            if (matches(t)) {
                return t.toInstant();
            }
            t = t.plusSeconds(1);
        }
        throw new IllegalStateException("schedule " + expression + " never fires within 8 days");
    }

    private boolean matches(ZonedDateTime t) {
        return fields[0].get(t.getSecond()) && fields[1].get(t.getMinute()) && fields[2].get(t.getHour())
                && fields[3].get(t.getDayOfMonth()) && fields[4].get(t.getMonthValue())
                && fields[5].get(t.getDayOfWeek().getValue() % 7);
    }

    private static BitSet parse(String field, int min, int max) {
        BitSet bits = new BitSet();
        for (String item : field.split(",")) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(item.substring(slash + 1));
                range = item.substring(0, slash);
            }
            int from = min;
            int to = max;
            if (!range.equals("*")) {
                int dash = range.indexOf('-');
                from = Integer.parseInt(dash >= 0 ? range.substring(0, dash) : range);
                to = dash >= 0 ? Integer.parseInt(range.substring(dash + 1)) : (slash >= 0 ? max : from);
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }
}
