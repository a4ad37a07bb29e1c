// Command etcd is upstream's etcd server, built from the Go module proxy because
// Debian's etcd is older than kube-apiserver supports.
package main

import (
	"io"
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	exitWithParent()
	etcdmain.Main(os.Args)
}

// exitWithParent ends the process when its standard input closes: see the same function
// in ../kube-apiserver for why.
func exitWithParent() {
	if os.Getenv("DAPRISE_EXIT_WITH_PARENT") != "1" {
		return
	}
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
}
