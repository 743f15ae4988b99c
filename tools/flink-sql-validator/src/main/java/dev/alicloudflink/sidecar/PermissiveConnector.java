package dev.alicloudflink.sidecar;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.abilities.SupportsOverwrite;
import org.apache.flink.table.connector.sink.abilities.SupportsPartitioning;
import org.apache.flink.table.connector.sink.abilities.SupportsWritingMetadata;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceFunctionProvider;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.module.Module;
import org.apache.flink.table.types.DataType;

/**
 * A connector that accepts every table: any 'connector', any options, any format,
 * every row kind on the sink side. The planner then checks the schema and the SQL,
 * and nothing that only the real connector (kafka, sls, hologres, ...) would check.
 *
 * <p>It is found two ways: as {@code 'connector' = 'permissive'} through
 * META-INF/services, and, for every other table, through {@link AsModule}: the
 * planner asks loaded modules for a table factory before it looks at 'connector'.
 */
public final class PermissiveConnector implements DynamicTableSourceFactory, DynamicTableSinkFactory {
    public static final String IDENTIFIER = "permissive";

    /** Connectors (and formats) whose sources produce updates and deletes, not only inserts. */
    private static final Set<String> CHANGELOG_CONNECTORS = Set.of("upsert-kafka", "mysql");
    private static final Set<String> CHANGELOG_FORMATS =
            Set.of("debezium-json", "canal-json", "maxwell-json", "ogg-json", "debezium-avro-confluent");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        boolean batch = context.getConfiguration().get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH;
        ResolvedCatalogTable table = context.getCatalogTable();
        ChangelogMode mode = !batch && producesChangelog(table.getOptions()) ? ChangelogMode.all() : ChangelogMode.insertOnly();
        return new Source(metadataColumns(table), mode, batch);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        ResolvedCatalogTable table = context.getCatalogTable();
        boolean keyed = table.getResolvedSchema().getPrimaryKey().isPresent();
        // Like an upsert sink (jdbc, hologres, upsert-kafka) with a primary key, like a
        // retracting one without: never rejects a changelog.
        return new Sink(metadataColumns(table), keyed ? ChangelogMode.upsert() : ChangelogMode.all());
    }

    private static boolean producesChangelog(Map<String, String> options) {
        String connector = options.getOrDefault("connector", "").toLowerCase(Locale.ROOT);
        if (connector.endsWith("-cdc") || CHANGELOG_CONNECTORS.contains(connector)) return true;
        if ("hologres".equals(connector) && "true".equalsIgnoreCase(options.get("binlog"))) return true;
        return CHANGELOG_FORMATS.contains(options.getOrDefault("format", ""))
                || CHANGELOG_FORMATS.contains(options.getOrDefault("value.format", ""));
    }

    /** Declared metadata columns as key → type: whatever a table declares is readable and writable. */
    private static Map<String, DataType> metadataColumns(ResolvedCatalogTable table) {
        Map<String, DataType> metadata = new LinkedHashMap<>();
        for (Column column : table.getResolvedSchema().getColumns()) {
            if (column instanceof Column.MetadataColumn m) {
                metadata.put(m.getMetadataKey().orElse(m.getName()), m.getDataType());
            }
        }
        return metadata;
    }

    /** Makes the planner use {@link PermissiveConnector} for every table, whatever its 'connector'. */
    public static final class AsModule implements Module {
        private final PermissiveConnector factory = new PermissiveConnector();

        @Override
        public Optional<DynamicTableSourceFactory> getTableSourceFactory() {
            return Optional.of(factory);
        }

        @Override
        public Optional<DynamicTableSinkFactory> getTableSinkFactory() {
            return Optional.of(factory);
        }
    }

    private record Source(Map<String, DataType> metadata, ChangelogMode mode, boolean bounded)
            implements ScanTableSource, LookupTableSource, SupportsReadingMetadata {

        @Override
        public ChangelogMode getChangelogMode() {
            return mode;
        }

        @Override
        @SuppressWarnings("deprecation")
        public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
            return SourceFunctionProvider.of(new NoRows(), bounded);
        }

        @Override
        public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
            return LookupFunctionProvider.of(new NoMatches());
        }

        @Override
        public Map<String, DataType> listReadableMetadata() {
            return metadata;
        }

        @Override
        public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {}

        @Override
        public DynamicTableSource copy() {
            return this;
        }

        @Override
        public String asSummaryString() {
            return IDENTIFIER;
        }
    }

    private record Sink(Map<String, DataType> metadata, ChangelogMode mode)
            implements DynamicTableSink, SupportsPartitioning, SupportsOverwrite, SupportsWritingMetadata {

        @Override
        public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
            return mode;
        }

        @Override
        public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
            return SinkV2Provider.of(new DiscardingSink<>());
        }

        @Override
        public void applyStaticPartition(Map<String, String> partition) {}

        @Override
        public void applyOverwrite(boolean overwrite) {}

        @Override
        public Map<String, DataType> listWritableMetadata() {
            return metadata;
        }

        @Override
        public void applyWritableMetadata(List<String> metadataKeys, DataType consumedDataType) {}

        @Override
        public DynamicTableSink copy() {
            return this;
        }

        @Override
        public String asSummaryString() {
            return IDENTIFIER;
        }
    }

    /** Never runs: the sidecar plans jobs, it does not execute them. */
    @SuppressWarnings("deprecation")
    public static final class NoRows implements SourceFunction<RowData> {
        @Override
        public void run(SourceContext<RowData> ctx) {}

        @Override
        public void cancel() {}
    }

    /** Public: the planner's code generator instantiates it. */
    public static final class NoMatches extends LookupFunction {
        @Override
        public Collection<RowData> lookup(RowData keyRow) {
            return List.of();
        }
    }
}
