package dev.alicloudflink.sidecar;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.FunctionCatalog;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.planner.delegation.PlannerBase;

/**
 * One TableEnvironment (streaming or batch) reused across requests. Creating one
 * costs tens of milliseconds and its planner warms up with use, so requests share
 * it; {@link #reset()} puts it back to how it was built between requests: a fresh
 * default catalog (every other catalog dropped), no temporary tables, views or
 * functions, the configuration as built. A request that changed what a reset cannot
 * restore (SET/RESET also reconfigure the planner's execution environment) marks the
 * session {@link #spoil() spoiled}, and the next request gets a new one.
 */
final class Session {
    static final String CATALOG = "default_catalog";
    static final String DATABASE = "default_database";
    private static final String PARKING = "__flink_sql_validator_reset__";

    final boolean batch;
    final TableEnvironmentInternal env;
    final PlannerBase planner;
    private final Map<String, String> configuration;
    private final List<String> modules;
    private boolean spoiled;

    private Session(boolean batch) {
        this.batch = batch;
        EnvironmentSettings settings = (batch ? EnvironmentSettings.newInstance().inBatchMode()
                        : EnvironmentSettings.newInstance().inStreamingMode())
                .withBuiltInCatalogName(CATALOG)
                .withBuiltInDatabaseName(DATABASE)
                .build();
        this.env = (TableEnvironmentInternal) TableEnvironment.create(settings);
        env.loadModule("permissive", new PermissiveConnector.AsModule());
        // Generated code is never compiled here: do not parse it to split long methods
        // (JavaCodeSplitter returns code no longer than this as it is).
        env.getConfig().set(TableConfigOptions.MAX_LENGTH_GENERATED_CODE, Integer.MAX_VALUE);
        this.planner = (PlannerBase) ((org.apache.flink.table.api.internal.TableEnvironmentImpl) env).getPlanner();
        this.configuration = env.getConfig().getConfiguration().toMap();
        this.modules = env.listModules().length == 0 ? List.of() : List.of(env.listModules());
    }

    static Session create(boolean batch) {
        return new Session(batch);
    }

    /** The next request must not use this session (see the class comment). */
    void spoil() {
        spoiled = true;
    }

    /**
     * Makes the session as it was built, for the next request. False when that is not
     * certain: the caller then drops it and creates a new one.
     */
    boolean reset() {
        if (spoiled) return false;
        try {
            CatalogManager catalogs = env.getCatalogManager();
            catalogs.registerCatalog(PARKING, new GenericInMemoryCatalog(PARKING, DATABASE));
            catalogs.setCurrentCatalog(PARKING);
            for (String name : catalogs.listCatalogs()) {
                if (!name.equals(PARKING)) catalogs.unregisterCatalog(name, true);
            }
            catalogs.registerCatalog(CATALOG, new GenericInMemoryCatalog(CATALOG, DATABASE));
            catalogs.setCurrentCatalog(CATALOG);
            catalogs.setCurrentDatabase(DATABASE);
            catalogs.unregisterCatalog(PARKING, false);
            clearMap(catalogs, CatalogManager.class, "temporaryTables");
            FunctionCatalog functions = planner.functionCatalog();
            clearMap(functions, FunctionCatalog.class, "tempSystemFunctions");
            clearMap(functions, FunctionCatalog.class, "tempCatalogFunctions");

            Configuration conf = env.getConfig().getConfiguration();
            for (String key : conf.keySet()) {
                if (!configuration.containsKey(key)) conf.removeKey(key);
            }
            configuration.forEach(conf::setString);
            return isClean();
        } catch (RuntimeException | ReflectiveOperationException e) {
            Main.log("could not reset the table environment, creating a new one: " + e);
            return false;
        }
    }

    /** What a request can see of a previous one: nothing. */
    private boolean isClean() {
        CatalogManager catalogs = env.getCatalogManager();
        boolean clean = catalogs.listCatalogs().equals(java.util.Set.of(CATALOG))
                && CATALOG.equals(catalogs.getCurrentCatalog())
                && DATABASE.equals(catalogs.getCurrentDatabase())
                && List.of(env.listDatabases()).equals(List.of(DATABASE))
                && env.listTables().length == 0
                && env.listViews().length == 0
                && env.listUserDefinedFunctions().length == 0
                && List.of(env.listModules()).equals(modules)
                && env.getConfig().getConfiguration().toMap().equals(configuration);
        if (!clean) Main.log("the table environment is not clean after a reset, creating a new one");
        return clean;
    }

    private static void clearMap(Object owner, Class<?> type, String field) throws ReflectiveOperationException {
        Field f = type.getDeclaredField(field);
        f.setAccessible(true);
        ((Map<?, ?>) f.get(owner)).clear();
    }
}
