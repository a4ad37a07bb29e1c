// Command kube-apiserver is upstream's kube-apiserver, built from the Go module proxy
// so that tests and the demo portal have a real API server without Docker.
package main

import (
	"io"
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	exitWithParent()
	command := app.NewAPIServerCommand()
	code := cli.Run(command)
	os.Exit(code)
}

// exitWithParent ends the process when its standard input closes. The Node process that
// starts the control plane holds the write end of that pipe, so when it dies (even by
// SIGKILL, or a CI job being cancelled) the API server does not linger on the machine.
func exitWithParent() {
	if os.Getenv("DAPRISE_EXIT_WITH_PARENT") != "1" {
		return
	}
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
}
