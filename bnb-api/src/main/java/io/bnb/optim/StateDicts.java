package io.bnb.optim;

import io.bnb.api.Tensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Conversion between an optimizer's live state and {@link OptimizerState} (key schema documented there). */
final class StateDicts {
    private StateDicts() {}

    private static final String[] HYPER_KEYS = {"lr", "beta1", "beta2", "beta3", "alpha", "eps", "weight_decay", "t_alpha", "t_beta3"};

    static OptimizerState export(Optimizer opt, List<ParamState> states) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", OptimizerState.FORMAT);
        meta.put("format_version", OptimizerState.VERSION);
        meta.put("optimizer", opt.name());
        meta.put("kind", opt.kind().upstreamName());
        meta.put("param_groups", Integer.toString(opt.groups().size()));
        for (ParamGroup g : opt.groups()) {
            String k = "group." + g.index() + ".";
            meta.put(k + "params", Integer.toString(g.params().size()));
            Hyperparams h = g.hyperparams();
            double[] v = {h.lr(), h.beta1(), h.beta2(), h.beta3(), h.alpha(), h.eps(), h.weightDecay()};
            for (int j = 0; j < v.length; j++) meta.put(k + HYPER_KEYS[j], Double.toString(v[j]));
            meta.put(k + "t_alpha", Integer.toString(h.tAlpha()));
            meta.put(k + "t_beta3", Integer.toString(h.tBeta3()));
        }
        for (int i = 0; i < states.size(); i++) {
            ParamState s = states.get(i);
            if (s == null) continue;
            meta.put("state." + i + ".step", Integer.toString(s.step()));
            for (var e : s.tensors().entrySet()) tensors.put("state." + i + "." + e.getKey(), e.getValue());
        }
        return new OptimizerState(tensors, meta);
    }

    /** Validated group hyper-parameters and freshly allocated states (null where none was saved); nothing of the optimizer changed. */
    record Restored(List<Hyperparams> groups, List<ParamState> states) {
        void close() {
            for (ParamState s : states) if (s != null) s.close();
        }
    }

    static Restored restore(Optimizer opt, OptimizerState st, List<Tensor> params, SharedMaps maps) {
        if (st == null) throw new IllegalArgumentException("state must not be null");
        Map<String, String> m = st.metadata();
        expect(m, "format", OptimizerState.FORMAT);
        expect(m, "format_version", OptimizerState.VERSION);
        expect(m, "kind", opt.kind().upstreamName());
        int nGroups = parseInt(m, "param_groups");
        if (nGroups != opt.groups().size())
            throw new IllegalArgumentException("saved state has " + nGroups + " param groups, optimizer has " + opt.groups().size());
        List<Hyperparams> groups = new ArrayList<>();
        for (ParamGroup g : opt.groups()) {
            String k = "group." + g.index() + ".";
            int n = parseInt(m, k + "params");
            if (n != g.params().size())
                throw new IllegalArgumentException("saved group " + g.index() + " has " + n + " params, optimizer group has " + g.params().size());
            try {
                groups.add(new Hyperparams(parseDouble(m, k + "lr"), parseDouble(m, k + "beta1"), parseDouble(m, k + "beta2"),
                        parseDouble(m, k + "beta3"), parseDouble(m, k + "alpha"), parseDouble(m, k + "eps"),
                        parseDouble(m, k + "weight_decay"), parseInt(m, k + "t_alpha"), parseInt(m, k + "t_beta3")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("saved group " + g.index() + ": " + e.getMessage(), e);
            }
        }
        // Group the tensors by parameter and reject keys that belong to none.
        List<Map<String, Tensor>> perParam = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) perParam.add(new LinkedHashMap<>());
        for (var e : st.tensors().entrySet()) {
            String key = e.getKey();
            int i = indexOf(key, params.size());
            perParam.get(i).put(key.substring(key.indexOf('.', 6) + 1), e.getValue());
        }
        Set<String> stepKeys = new HashSet<>();
        for (String key : m.keySet()) if (key.startsWith("state.")) stepKeys.add(key);
        List<ParamState> states = new ArrayList<>();
        Restored out = new Restored(groups, states);
        try {
            for (int i = 0; i < params.size(); i++) {
                String stepKey = "state." + i + ".step";
                stepKeys.remove(stepKey);
                if (!m.containsKey(stepKey)) {
                    if (!perParam.get(i).isEmpty())
                        throw new IllegalArgumentException("saved state " + i + " has tensors " + perParam.get(i).keySet() + " but no step");
                    states.add(null);
                    continue;
                }
                Tensor p = params.get(i);
                states.add(ParamState.restore(p, opt.kind(), opt.settingsOf(p), perParam.get(i), parseInt(m, stepKey), "saved state " + i,
                        maps));
            }
            if (!stepKeys.isEmpty()) throw new IllegalArgumentException("saved state has entries for unknown parameters: " + stepKeys);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    private static int indexOf(String key, int nParams) {
        int dot = key.indexOf('.', 6);
        if (!key.startsWith("state.") || dot < 0) throw new IllegalArgumentException("unexpected tensor '" + key + "' (expected state.<i>.<name>)");
        int i;
        try {
            i = Integer.parseInt(key.substring(6, dot));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unexpected tensor '" + key + "' (expected state.<i>.<name>)");
        }
        if (i < 0 || i >= nParams) throw new IllegalArgumentException("tensor '" + key + "' refers to parameter " + i + ", optimizer has " + nParams);
        return i;
    }

    private static void expect(Map<String, String> m, String key, String value) {
        String v = m.get(key);
        if (!value.equals(v)) throw new IllegalArgumentException("saved state: metadata '" + key + "' must be '" + value + "', got '" + v + "'");
    }

    private static String get(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException("saved state: metadata '" + key + "' is missing");
        return v;
    }

    private static int parseInt(Map<String, String> m, String key) {
        try {
            return Integer.parseInt(get(m, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("saved state: metadata '" + key + "' is not an integer: '" + m.get(key) + "'");
        }
    }

    private static double parseDouble(Map<String, String> m, String key) {
        try {
            return Double.parseDouble(get(m, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("saved state: metadata '" + key + "' is not a number: '" + m.get(key) + "'");
        }
    }
}
