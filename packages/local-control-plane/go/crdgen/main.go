// Command crdgen writes the CustomResourceDefinitions that Daprise's local
// control plane installs, one file per CRD named <plural>.<group>.yaml, into
// the directory given by -out. Everything is generated from upstream Go
// modules fetched through the Go module proxy (no other host is contacted):
//
//   - Dapr (dapr.io): controller-gen (sigs.k8s.io/controller-tools, a `tool`
//     of this module) run over github.com/dapr/dapr/pkg/apis/..., the way
//     dapr's tools/codegen.mk does (`crd:crdVersions=v1`).
//   - Gateway API (gateway.networking.k8s.io), standard channel: upstream's
//     own generator, sigs.k8s.io/gateway-api/pkg/generator (also a `tool`),
//     which wraps controller-tools, strips the experimental fields and adds
//     the bundle-version/channel annotations.
//   - Cilium (cilium.io/v2): the CRDs that
//     github.com/cilium/cilium/pkg/k8s/apis/cilium.io/client embeds and
//     returns from GetPregeneratedCRD.
//
// Run it from this module's directory: GOTOOLCHAIN=local go run . -out DIR
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	ciliumclient "github.com/cilium/cilium/pkg/k8s/apis/cilium.io/client"
	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"
)

const (
	modulePath = "github.com/daprise/daprise/local-control-plane/crdgen"

	controllerGenTool = "sigs.k8s.io/controller-tools/cmd/controller-gen"
	gatewayGenTool    = "sigs.k8s.io/gateway-api/pkg/generator"

	daprAPIs = "github.com/dapr/dapr/pkg/apis/..."
)

// daprCRDs are the Dapr CRDs written, by metadata.name. controller-gen makes
// exactly these from dapr's pkg/apis.
var daprCRDs = []string{
	"components.dapr.io",
	"configurations.dapr.io",
	"httpendpoints.dapr.io",
	"resiliencies.dapr.io",
	"subscriptions.dapr.io",
}

// gatewayCRDs are the standard-channel Gateway API CRDs written (upstream's
// generator also makes grpcroutes and the experimental channel; not needed).
var gatewayCRDs = []string{
	"gatewayclasses.gateway.networking.k8s.io",
	"gateways.gateway.networking.k8s.io",
	"httproutes.gateway.networking.k8s.io",
	"referencegrants.gateway.networking.k8s.io",
}

// ciliumCRDs maps the name GetPregeneratedCRD takes to the CRD's metadata.name.
var ciliumCRDs = []struct{ pregenerated, name string }{
	{ciliumclient.CNPCRDName, "ciliumnetworkpolicies.cilium.io"},
	{ciliumclient.CCNPCRDName, "ciliumclusterwidenetworkpolicies.cilium.io"},
}

func main() {
	out := flag.String("out", "", "directory to write the CRD files into (created if missing)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: GOTOOLCHAIN=local go run . -out DIR\n\n"+
			"Writes the Dapr, Gateway API (standard channel) and Cilium CRDs, one <plural>.<group>.yaml per CRD.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out); err != nil {
		fmt.Fprintf(os.Stderr, "crdgen: %v\n", err)
		os.Exit(1)
	}
}

func run(out string) error {
	modDir, err := moduleDir()
	if err != nil {
		return err
	}
	if out, err = filepath.Abs(out); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	versions, err := moduleVersions(modDir, "github.com/dapr/dapr", "sigs.k8s.io/gateway-api",
		"sigs.k8s.io/controller-tools", "github.com/cilium/cilium")
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "crdgen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	w := &writer{dir: out}
	if err := genDapr(modDir, work, w, versions); err != nil {
		return fmt.Errorf("dapr: %w", err)
	}
	if err := genGateway(modDir, work, w, versions); err != nil {
		return fmt.Errorf("gateway api: %w", err)
	}
	if err := genCilium(w, versions); err != nil {
		return fmt.Errorf("cilium: %w", err)
	}
	return nil
}

// moduleDir returns the current directory after checking that it is this
// module's root: controller-gen and the Gateway API generator load the
// upstream packages through `go list`, which resolves them with this go.mod.
func moduleDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err == nil && bytes.Contains(data, []byte("module "+modulePath+"\n")) {
		return dir, nil
	}
	return "", fmt.Errorf("run me from the directory of module %s (packages/local-control-plane/go/crdgen), not %s", modulePath, dir)
}

// goCmd prepares a go command run in dir with the local toolchain only.
func goCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	return cmd
}

func output(cmd *exec.Cmd) ([]byte, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, stderr.String())
	}
	return out, nil
}

func moduleVersions(modDir string, mods ...string) (map[string]string, error) {
	out, err := output(goCmd(modDir, append([]string{"list", "-m", "-f", "{{.Path}} {{.Version}}"}, mods...)...))
	if err != nil {
		return nil, err
	}
	v := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if path, version, ok := strings.Cut(line, " "); ok {
			v[path] = version
		}
	}
	return v, nil
}

// toolPath builds (or finds in the build cache) one of go.mod's tools and
// returns its executable.
func toolPath(modDir, tool string) (string, error) {
	out, err := output(goCmd(modDir, "tool", "-n", tool))
	if err != nil {
		return "", err
	}
	path := strings.TrimSpace(string(out))
	if path == "" || strings.ContainsAny(path, "\n ") {
		return "", fmt.Errorf("go tool -n %s printed %q, not an executable's path", tool, path)
	}
	return path, nil
}

// toolEnv is the environment for controller-tools based generators.
// gotypesalias=0 makes go/types behave as it did for the Go 1.22 modules these
// generators were released as (controller-tools v0.16 and gateway-api v1.2
// declare go 1.22, so their own builds default to it): controller-tools
// v0.16's type-alias handling expects it, and panics on Gateway API's
// experimental types without it. Later GOFLAGS -mod settings would clash with
// the temporary go.work used for the Gateway API generator, so they go.
func toolEnv() []string {
	var env []string
	godebug := "gotypesalias=0"
	for _, kv := range os.Environ() {
		switch {
		case strings.HasPrefix(kv, "GODEBUG="):
			if v := strings.TrimPrefix(kv, "GODEBUG="); v != "" {
				godebug = v + "," + godebug
			}
		case strings.HasPrefix(kv, "GOFLAGS="):
			var kept []string
			for _, f := range strings.Fields(strings.TrimPrefix(kv, "GOFLAGS=")) {
				if !strings.HasPrefix(f, "-mod=") {
					kept = append(kept, f)
				}
			}
			env = append(env, "GOFLAGS="+strings.Join(kept, " "))
		case strings.HasPrefix(kv, "GOTOOLCHAIN="), strings.HasPrefix(kv, "GOWORK="):
		default:
			env = append(env, kv)
		}
	}
	return append(env, "GODEBUG="+godebug, "GOTOOLCHAIN=local")
}

// genDapr runs controller-gen as dapr's tools/codegen.mk does
// (crd:crdVersions=v1 paths="./pkg/apis/..."), but on the dapr module that
// go.mod requires, into a scratch directory.
func genDapr(modDir, work string, w *writer, versions map[string]string) error {
	gen, err := toolPath(modDir, controllerGenTool)
	if err != nil {
		return err
	}
	dir := filepath.Join(work, "dapr")
	cmd := exec.Command(gen, "crd:crdVersions=v1", "paths="+daprAPIs, "output:crd:dir="+dir)
	cmd.Dir = modDir
	cmd.Env = toolEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("controller-gen: %w\n%s", err, out)
	}
	from := fmt.Sprintf("github.com/dapr/dapr %s pkg/apis, controller-gen %s",
		versions["github.com/dapr/dapr"], versions["sigs.k8s.io/controller-tools"])
	crds, err := readCRDs(dir)
	if err != nil {
		return err
	}
	for _, name := range daprCRDs {
		c, ok := crds[name]
		if !ok {
			return fmt.Errorf("controller-gen did not make %s (made: %s)", name, keys(crds))
		}
		// The label dapr's Helm chart (charts/dapr/crds) puts on its CRDs.
		if c.Labels == nil {
			c.Labels = map[string]string{}
		}
		c.Labels["app.kubernetes.io/part-of"] = "dapr"
		data, err := marshalCRD(c)
		if err != nil {
			return err
		}
		if err := w.write(c, data, from); err != nil {
			return err
		}
	}
	return nil
}

// genGateway runs upstream's CRD generator. It writes to config/crd/<channel>/
// under its working directory and loads the API packages with `go list`, so
// it runs in a scratch directory whose go.work uses this module.
func genGateway(modDir, work string, w *writer, versions map[string]string) error {
	gen, err := toolPath(modDir, gatewayGenTool)
	if err != nil {
		return err
	}
	dir := filepath.Join(work, "gateway-api")
	for _, ch := range []string{"standard", "experimental"} {
		if err := os.MkdirAll(filepath.Join(dir, "config", "crd", ch), 0o755); err != nil {
			return err
		}
	}
	goVersion, err := output(goCmd(modDir, "mod", "edit", "-json"))
	if err != nil {
		return err
	}
	var mod struct{ Go string }
	if err := json.Unmarshal(goVersion, &mod); err != nil {
		return err
	}
	goWork := filepath.Join(dir, "go.work")
	if err := os.WriteFile(goWork, []byte(fmt.Sprintf("go %s\n\nuse %q\n", mod.Go, modDir)), 0o644); err != nil {
		return err
	}
	cmd := exec.Command(gen)
	cmd.Dir = dir
	cmd.Env = append(toolEnv(), "GOWORK="+goWork)
	log, runErr := cmd.CombinedOutput()
	if runErr != nil {
		// The generator writes every standard-channel CRD before it starts on
		// the experimental channel, which is not used here. Should a later
		// toolchain make the experimental pass fail (see toolEnv), the
		// standard files it already wrote are complete and are used.
		if !bytes.Contains(log, []byte("generating experimental CRD")) {
			return fmt.Errorf("%s: %w\n%s", gatewayGenTool, runErr, log)
		}
		fmt.Fprintf(os.Stderr, "crdgen: warning: %s failed in its experimental channel (not used here): %v\n", gatewayGenTool, runErr)
	}
	crds, err := readCRDs(filepath.Join(dir, "config", "crd", "standard"))
	if err != nil {
		return err
	}
	from := fmt.Sprintf("sigs.k8s.io/gateway-api %s pkg/generator, standard channel, controller-tools %s",
		versions["sigs.k8s.io/gateway-api"], versions["sigs.k8s.io/controller-tools"])
	for _, name := range gatewayCRDs {
		c, ok := crds[name]
		if !ok {
			return fmt.Errorf("the generator did not make %s (made: %s)\n%s", name, keys(crds), log)
		}
		if ch := c.Annotations["gateway.networking.k8s.io/channel"]; ch != "standard" {
			return fmt.Errorf("%s: channel annotation %q, want standard", name, ch)
		}
		// Written as the generator wrote it: the same bytes as upstream's
		// config/crd/standard files.
		if err := w.write(c, c.raw, from); err != nil {
			return err
		}
	}
	return nil
}

func genCilium(w *writer, versions map[string]string) error {
	from := fmt.Sprintf("github.com/cilium/cilium %s pkg/k8s/apis/cilium.io/client.GetPregeneratedCRD",
		versions["github.com/cilium/cilium"])
	for _, want := range ciliumCRDs {
		obj := ciliumclient.GetPregeneratedCRD(want.pregenerated)
		c := &crd{CustomResourceDefinition: obj}
		if c.Name != want.name {
			return fmt.Errorf("GetPregeneratedCRD(%q) returned %s, want %s", want.pregenerated, c.Name, want.name)
		}
		data, err := marshalCRD(c)
		if err != nil {
			return err
		}
		if err := w.write(c, data, from); err != nil {
			return err
		}
	}
	return nil
}

type crd struct {
	apiextv1.CustomResourceDefinition
	raw []byte
}

// readCRDs parses every YAML file a generator wrote into dir, by metadata.name.
func readCRDs(dir string) (map[string]*crd, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	crds := map[string]*crd{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		c := &crd{raw: raw}
		if err := yaml.UnmarshalStrict(singleDocument(raw), &c.CustomResourceDefinition); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		crds[c.Name] = c
	}
	return crds, nil
}

// singleDocument drops a leading "---" line (controller-gen starts its files
// with one) and fails parsing later if a second document follows.
func singleDocument(raw []byte) []byte {
	s := bufio.NewScanner(bytes.NewReader(raw))
	if s.Scan() && strings.TrimSpace(s.Text()) == "---" {
		return raw[len(s.Bytes())+1:]
	}
	return raw
}

// marshalCRD writes a CRD as controller-gen does: YAML, without the empty
// status and the null metadata.creationTimestamp of a typed object.
func marshalCRD(c *crd) ([]byte, error) {
	data, err := yaml.Marshal(&c.CustomResourceDefinition)
	if err != nil {
		return nil, err
	}
	var obj map[string]any
	if err := yaml.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	delete(obj, "status")
	if md, ok := obj["metadata"].(map[string]any); ok {
		delete(md, "creationTimestamp")
	}
	return yaml.Marshal(obj)
}

type writer struct{ dir string }

func (w *writer) write(c *crd, data []byte, from string) error {
	if err := check(c); err != nil {
		return err
	}
	name := c.Spec.Names.Plural + "." + c.Spec.Group + ".yaml"
	path := filepath.Join(w.dir, name)
	// Write to a temporary file and rename it, so a reader (or a second run
	// into the same directory) never sees a partly written file.
	tmp, err := os.CreateTemp(w.dir, "."+name+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	var vs []string
	for _, v := range c.Spec.Versions {
		s := v.Name
		if v.Storage {
			s += "*"
		}
		vs = append(vs, s)
	}
	fmt.Fprintf(os.Stderr, "crdgen: wrote %s (%s %s; from %s)\n", path, c.Spec.Names.Kind, strings.Join(vs, ","), from)
	return nil
}

// check makes sure a CRD is what the control plane can apply.
func check(c *crd) error {
	switch {
	case c.APIVersion != "apiextensions.k8s.io/v1" || c.Kind != "CustomResourceDefinition":
		return fmt.Errorf("%s: is %s %s, want apiextensions.k8s.io/v1 CustomResourceDefinition", c.Name, c.APIVersion, c.Kind)
	case c.Name != c.Spec.Names.Plural+"."+c.Spec.Group:
		return fmt.Errorf("%s: metadata.name is not <plural>.<group> (%s.%s)", c.Name, c.Spec.Names.Plural, c.Spec.Group)
	case len(c.Spec.Versions) == 0:
		return fmt.Errorf("%s: no versions", c.Name)
	}
	storage := 0
	for _, v := range c.Spec.Versions {
		if v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
			return fmt.Errorf("%s: version %s has no schema", c.Name, v.Name)
		}
		if v.Storage {
			storage++
		}
	}
	if storage != 1 {
		return errors.New(c.Name + ": not exactly one storage version")
	}
	return nil
}

func keys(m map[string]*crd) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}
