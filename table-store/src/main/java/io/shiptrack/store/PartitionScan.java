package io.shiptrack.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;

/**
 * A cross-partition scan of the rows with one RowKey (every shipment's summary, every job's row), one page at a
 * time, resumed from the last PartitionKey seen. Each page is a new query from that key, so the scan always moves
 * forward: Azurite answers a continuation token holding only a next-partition key with the first page again,
 * which would make a token-following scan loop forever. A service page that comes back empty with a token (Azure
 * may stop a query early) is followed until rows arrive; rows not beyond the last key are dropped.
 */
public final class PartitionScan {

    /** How many empty pages in a row are followed before the scan gives up on this query. */
    static final int MAX_EMPTY_PAGES = 100;

    private PartitionScan() {
    }

    /**
     * Up to {@code limit} rows with RowKey {@code rowKey} whose PartitionKey comes after {@code afterPartition}
     * (null: from the start), in PartitionKey order; an empty list at the end of the table.
     */
    public static List<TableEntity> page(TableClient table, String rowKey, String afterPartition, int limit,
            Duration timeout) {
        String filter = ODataFilters.eq("RowKey", rowKey);
        if (afterPartition != null) {
            filter = ODataFilters.and(filter, ODataFilters.gt("PartitionKey", afterPartition));
        }
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter).setTop(limit);
        List<TableEntity> rows = new ArrayList<>();
        String last = afterPartition;
        int emptyPages = 0;
        for (PagedResponse<TableEntity> page : table.listEntities(options, timeout, Context.NONE).iterableByPage()) {
            for (TableEntity row : page.getValue()) {
                if ((last == null || row.getPartitionKey().compareTo(last) > 0) && rows.size() < limit) {
                    rows.add(row);
                    last = row.getPartitionKey();
                }
            }
            if (!rows.isEmpty() || page.getContinuationToken() == null || !page.getValue().isEmpty()
                    || ++emptyPages > MAX_EMPTY_PAGES) {
                break;
            }
        }
        return rows;
    }
}
