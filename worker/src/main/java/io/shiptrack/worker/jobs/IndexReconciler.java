package io.shiptrack.worker.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;

import io.shiptrack.store.ODataFilters;
import io.shiptrack.store.ShipmentStore;

/**
 * The sweeper's repair of the member index, for what no write of the shipment repairs: a row left by a writer that
 * crashed between writing it and confirming it (a lost race, a repeated event, a failed commit), or by a purge or a
 * move whose process died. Each pass checks a bounded number of MemberShipments rows ({@code perPass}), resuming
 * after the last row of the previous pass and starting over at the end, so that every row is checked once per
 * {@code rows / perPass} sweeps, at the cost of one summary read per row (and a repair only for a row that needs
 * one, see {@link ShipmentStore#reconcileIndexRow}). The position is kept in memory: a restarted worker starts over.
 */
public final class IndexReconciler {

    private static final Logger LOG = Logger.getLogger(IndexReconciler.class.getName());

    /** What one pass did. */
    public record Pass(int checked, int repaired, boolean wrapped) {
    }

    private final TableClient memberShipments;
    private final ShipmentStore store;
    private final Clock clock;
    private final Duration grace;
    private final int perPass;
    private final Duration timeout;
    private String afterPartition;
    private String afterRow;

    public IndexReconciler(TableClient memberShipments, ShipmentStore store, Clock clock, Duration grace,
            int perPass, Duration timeout) {
        this.memberShipments = memberShipments;
        this.store = store;
        this.clock = clock;
        this.grace = grace;
        this.perPass = perPass;
        this.timeout = timeout;
    }

    /** Checks the next {@code perPass} index rows; a row whose repair fails is left for the next round. */
    public synchronized Pass pass() {
        String filter = null;
        if (afterPartition != null) {
            filter = ODataFilters.gt("PartitionKey", afterPartition) + " or ("
                    + ODataFilters.and(ODataFilters.eq("PartitionKey", afterPartition),
                            ODataFilters.gt("RowKey", afterRow))
                    + ")";
        }
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter).setTop(perPass);
        List<TableEntity> rows = memberShipments.listEntities(options, timeout, Context.NONE).stream()
                .limit(perPass).toList();
        int repaired = 0;
        for (TableEntity row : rows) {
            try {
                if (store.reconcileIndexRow(row, clock.instant(), grace)) {
                    repaired++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "index row " + row.getPartitionKey() + "/" + row.getRowKey()
                        + " not reconciled; the next round retries", e);
            }
        }
        boolean wrapped = rows.size() < perPass;
        if (wrapped) {
            afterPartition = null;
            afterRow = null;
        } else {
            TableEntity last = rows.get(rows.size() - 1);
            afterPartition = last.getPartitionKey();
            afterRow = last.getRowKey();
        }
        return new Pass(rows.size(), repaired, wrapped);
    }

    /** Passes until every row has been checked once from where the last pass stopped (tests, tools). */
    public int untilWrapped() {
        int repaired = 0;
        Pass pass;
        do {
            pass = pass();
            repaired += pass.repaired();
        } while (!pass.wrapped());
        return repaired;
    }
}
