package io.shiptrack.localstack.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The drill's timeline as a PNG (JFreeChart): requests per second by X-Read-Source and failures above, answers
 * per second by region (X-Served-By) and by-design 503s below, with the phase boundaries marked on both.
 */
final class DrillChart {

    private DrillChart() {
    }

    static void write(Path file, List<FailoverDrill.Sample> samples, List<FailoverDrill.Phase> phases) {
        long end = phases.isEmpty() ? 0 : phases.get(phases.size() - 1).endMs();
        long start = phases.isEmpty() ? 0 : phases.get(0).startMs();
        Map<String, Predicate<FailoverDrill.Sample>> top = new LinkedHashMap<>();
        for (String source : List.of("cache", "primary", "secondary", "stale-cache")) {
            top.put("reads: " + source, s -> s.kind().equals("read") && s.ok() && s.source().equals(source));
        }
        top.put("failed (no answer, or 5xx)", s -> s.status() == 0
                || s.status() >= 500 && !(s.retryAfter() && !s.kind().equals("read")));
        Map<String, Predicate<FailoverDrill.Sample>> bottom = new LinkedHashMap<>();
        bottom.put("answered by east", s -> s.ok() && s.region().equals("east"));
        bottom.put("answered by west", s -> s.ok() && s.region().equals("west"));
        bottom.put("writes/jobs 503 + Retry-After", s -> !s.kind().equals("read") && s.status() == 503
                && s.retryAfter());

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("seconds since the drill's load began"));
        plot.add(plot(series(samples, top, start, end), "requests/s", phases, start), 3);
        plot.add(plot(series(samples, bottom, start, end), "requests/s", phases, start), 2);
        JFreeChart chart = new JFreeChart("Regional failover drill: east (primary) to west (standby) and back",
                new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 1400, 800);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XYSeriesCollection series(List<FailoverDrill.Sample> samples,
            Map<String, Predicate<FailoverDrill.Sample>> kinds, long start, long end) {
        XYSeriesCollection collection = new XYSeriesCollection();
        int seconds = (int) ((end - start) / 1000) + 1;
        for (Map.Entry<String, Predicate<FailoverDrill.Sample>> kind : kinds.entrySet()) {
            int[] perSecond = new int[seconds];
            for (FailoverDrill.Sample s : samples) {
                int second = (int) ((s.atMs() - start) / 1000);
                if (second >= 0 && second < seconds && kind.getValue().test(s)) {
                    perSecond[second]++;
                }
            }
            XYSeries series = new XYSeries(kind.getKey());
            for (int i = 0; i < seconds; i++) {
                series.add(i, perSecond[i]);
            }
            collection.addSeries(series);
        }
        return collection;
    }

    private static XYPlot plot(XYSeriesCollection data, String label, List<FailoverDrill.Phase> phases, long start) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(1.6f));
        }
        XYPlot plot = new XYPlot(data, null, new NumberAxis(label), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        for (FailoverDrill.Phase phase : phases) {
            ValueMarker marker = new ValueMarker((phase.startMs() - start) / 1000.0, Color.DARK_GRAY,
                    new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[]{4f, 4f}, 0f));
            marker.setLabel(phase.name().split(" ")[0]);
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker);
        }
        return plot;
    }
}
