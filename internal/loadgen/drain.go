package loadgen

import (
	"io"
	"net/http"
)

func drain(resp *http.Response) error {
	_, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}
