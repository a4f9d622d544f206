package io.tributary.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kubernetes/plain/ read through fabric8's typed Kubernetes model, failing on any field the model
 * does not know (as {@code kubectl apply --validate=strict} would), and checked for the references
 * between the objects: names, ports, labels, the image's user and the probes' paths.
 */
class PlainKubernetesManifestsTest {
    static final Map<String, Class<? extends HasMetadata>> TYPES =
            Map.of(
                    "ConfigMap",
                    ConfigMap.class,
                    "Secret",
                    Secret.class,
                    "Service",
                    Service.class,
                    "Deployment",
                    Deployment.class,
                    "CronJob",
                    CronJob.class,
                    "PodDisruptionBudget",
                    PodDisruptionBudget.class);
    static final Map<String, String> API_VERSIONS =
            Map.of(
                    "ConfigMap",
                    "v1",
                    "Secret",
                    "v1",
                    "Service",
                    "v1",
                    "Deployment",
                    "apps/v1",
                    "CronJob",
                    "batch/v1",
                    "PodDisruptionBudget",
                    "policy/v1");

    /**
     * Jackson over the fabric8 model with its catch-all "additionalProperties" turned off, so
     * unknown fields fail.
     */
    static final ObjectMapper STRICT =
            new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .registerModule(
                            new SimpleModule()
                                    .setDeserializerModifier(
                                            new BeanDeserializerModifier() {
                                                @Override
                                                public BeanDeserializerBuilder updateBuilder(
                                                        DeserializationConfig config,
                                                        BeanDescription bean,
                                                        BeanDeserializerBuilder builder) {
                                                    builder.setAnySetter(null);
                                                    return builder;
                                                }
                                            }));

    final List<Manifests.Doc> docs = Manifests.in("kubernetes/plain");

    static <T> T typed(Manifests.Doc doc, Class<T> type) {
        try {
            return STRICT.treeToValue(doc.node, type);
        } catch (Exception e) {
            throw new AssertionError(doc + ": " + e.getMessage(), e);
        }
    }

    @Test
    void everyManifestIsAKnownKindThatReadsWithoutUnknownFields() {
        assertEquals(
                Map.of(
                        "ConfigMap",
                        2L,
                        "Secret",
                        1L,
                        "Service",
                        1L,
                        "Deployment",
                        1L,
                        "CronJob",
                        1L,
                        "PodDisruptionBudget",
                        1L),
                docs.stream()
                        .collect(
                                java.util.stream.Collectors.groupingBy(
                                        Manifests.Doc::kind,
                                        java.util.stream.Collectors.counting())));
        for (Manifests.Doc doc : docs) {
            assertEquals(
                    API_VERSIONS.get(doc.kind()),
                    doc.node.path("apiVersion").asText(),
                    doc.toString());
            HasMetadata typed = typed(doc, TYPES.get(doc.kind()));
            assertEquals(doc.name(), typed.getMetadata().getName());
        }
    }

    @Test
    void aMisspelledFieldFailsTheCheck() {
        ObjectNode broken = Manifests.named(docs, "Deployment", "tributary").node.deepCopy();
        ((ObjectNode) broken.path("spec")).put("replica", 2);
        Manifests.Doc doc = new Manifests.Doc(java.nio.file.Path.of("broken.yaml"), broken);

        AssertionError e = assertThrows(AssertionError.class, () -> typed(doc, Deployment.class));
        assertTrue(e.getMessage().contains("replica"), e.getMessage());
    }

    @Test
    void
            theDeploymentRunsTwoClusteredReplicasWithProbesOnTheManagementPortAndEverythingItNamesExists() {
        Deployment deployment =
                typed(Manifests.named(docs, "Deployment", "tributary"), Deployment.class);
        assertTrue(deployment.getSpec().getReplicas() >= 2);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertEquals(10001L, pod.getSecurityContext().getRunAsUser(), "the Dockerfile's USER");
        assertEquals("management", c.getPorts().get(0).getName());
        assertEquals(9876, c.getPorts().get(0).getContainerPort());
        assertEquals("/observe/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/observe/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("management", c.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertTrue(c.getResources().getLimits().containsKey("memory"));
        referencesExist(pod);

        String settings =
                typed(Manifests.named(docs, "ConfigMap", "tributary-settings"), ConfigMap.class)
                        .getData()
                        .get("application.properties");
        assertTrue(
                settings.contains("tributary.cluster.enabled=true"),
                "replicas share schedules through the Quartz cluster");
        assertTrue(
                settings.contains("tributary.db.url=jdbc:postgresql:"),
                "the cluster needs PostgreSQL");
        assertFalse(
                typed(Manifests.named(docs, "ConfigMap", "tributary-routes"), ConfigMap.class)
                        .getData()
                        .values()
                        .stream()
                        .anyMatch(route -> route.contains("timer:")),
                "a timer would fire on every replica");
    }

    @Test
    void theServiceAndTheDisruptionBudgetSelectTheDeploymentsPods() {
        Deployment deployment =
                typed(Manifests.named(docs, "Deployment", "tributary"), Deployment.class);
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        Service service =
                typed(Manifests.named(docs, "Service", "tributary-metrics"), Service.class);
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
        assertEquals("management", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(
                "/observe/metrics",
                service.getMetadata().getAnnotations().get("prometheus.io/path"));
        PodDisruptionBudget pdb =
                typed(
                        Manifests.named(docs, "PodDisruptionBudget", "tributary"),
                        PodDisruptionBudget.class);
        assertTrue(
                podLabels
                        .entrySet()
                        .containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        assertTrue(
                pdb.getSpec().getMinAvailable().getIntVal() < deployment.getSpec().getReplicas(),
                "a drain can still evict one");
    }

    @Test
    void theCronJobRunsOnceWithoutOverlapsAndTheSecretHoldsOnlyPlaceholders() {
        CronJob cron = typed(Manifests.named(docs, "CronJob", "tributary-once"), CronJob.class);
        assertEquals("Forbid", cron.getSpec().getConcurrencyPolicy());
        PodSpec pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals(List.of("--once"), pod.getContainers().get(0).getArgs());
        referencesExist(pod);

        Secret secret = typed(Manifests.named(docs, "Secret", "tributary-secrets"), Secret.class);
        assertFalse(secret.getStringData().isEmpty());
        secret.getStringData()
                .forEach((k, v) -> assertEquals("<set-me>", v, k + " must be a placeholder"));
        assertTrue(secret.getData() == null || secret.getData().isEmpty());
    }

    void referencesExist(PodSpec pod) {
        for (Volume v : pod.getVolumes()) {
            if (v.getConfigMap() != null) {
                Manifests.named(docs, "ConfigMap", v.getConfigMap().getName());
            }
        }
        pod.getContainers()
                .get(0)
                .getEnvFrom()
                .forEach(e -> Manifests.named(docs, "Secret", e.getSecretRef().getName()));
        assertEquals("registry.example.com/tributary:0.1.0", pod.getContainers().get(0).getImage());
    }
}
