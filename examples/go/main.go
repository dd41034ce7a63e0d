// An application backend in Go that uses the referral sidecar, standard library only. Run: see README.md.
package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

const tolerance = 5 * time.Minute

var (
	sidecarURL   = envOr("SIDECAR_URL", "http://127.0.0.1:8080")
	sidecarToken = os.Getenv("SIDECAR_TOKEN")
	client       = &http.Client{Timeout: 10 * time.Second}
	webhookKey   []byte

	// webhook-id -> event name. A real application keeps these in its database (a unique column) for a few days.
	mu      sync.Mutex
	events  = map[string]string{}
	arrival []string
)

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}

// sidecar calls the sidecar and returns its status and JSON body whatever the status: its answers are the contract.
func sidecar(method, path string, body any, cookie string) (int, json.RawMessage, error) {
	var reader io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		reader = bytes.NewReader(encoded)
	}
	request, err := http.NewRequest(method, sidecarURL+path, reader)
	if err != nil {
		return 0, nil, err
	}
	request.Header.Set("Accept", "application/json")
	if body != nil {
		request.Header.Set("Content-Type", "application/json")
	}
	if cookie != "" {
		request.Header.Set("Cookie", cookie)
	}
	if sidecarToken != "" {
		request.Header.Set("Authorization", "Bearer "+sidecarToken)
	}
	response, err := client.Do(request)
	if err != nil {
		return 0, nil, err
	}
	defer response.Body.Close()
	answer, err := io.ReadAll(response.Body)
	return response.StatusCode, answer, err
}

// forward answers the browser with what the sidecar said.
func forward(w http.ResponseWriter, status int, body json.RawMessage, err error) {
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"error": "sidecar unreachable: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

func writeJSON(w http.ResponseWriter, status int, value any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(value)
}

func readJSON(r *http.Request, into any) error {
	return json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(into)
}

func signup(w http.ResponseWriter, r *http.Request) {
	var user struct{ ID, Email, Name string }
	if err := readJSON(r, &user); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad JSON"})
		return
	}
	// 1. create the user in your own database (omitted), then
	// 2. tell the sidecar, forwarding the browser's Cookie header untouched: it finds partnero_referral itself.
	status, body, err := sidecar("POST", "/signup-hook",
		map[string]string{"key": user.ID, "email": user.Email, "name": user.Name}, r.Header.Get("Cookie"))
	forward(w, status, body, err)
}

func checkout(w http.ResponseWriter, r *http.Request) {
	var order struct {
		UserID  string      `json:"user_id"`
		OrderID string      `json:"order_id"`
		Amount  json.Number `json:"amount"`
	}
	if err := readJSON(r, &order); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad JSON"})
		return
	}
	status, body, err := sidecar("POST", "/purchase-hook",
		map[string]any{"customer_key": order.UserID, "key": order.OrderID, "amount": order.Amount}, "")
	forward(w, status, body, err)
}

func refund(w http.ResponseWriter, r *http.Request) {
	var order struct {
		OrderID string `json:"order_id"`
	}
	if err := readJSON(r, &order); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad JSON"})
		return
	}
	status, body, err := sidecar("POST", "/refund-hook", map[string]string{"key": order.OrderID}, "")
	forward(w, status, body, err)
}

type dashboard struct {
	Pending        bool   `json:"pending"`
	Stale          bool   `json:"stale"`
	ReferralLink   string `json:"referral_link"`
	ReferralsCount int    `json:"referrals_count"`
	Balance        struct {
		Currency []struct {
			Amount      json.Number `json:"amount"`
			AmountUnits string      `json:"amount_units"`
		} `json:"currency"`
	} `json:"balance"`
	Referrals []struct{ Name, Status string } `json:"referrals"`
}

// The referral dashboard page: link, friends referred, balance, the friends themselves (html/template escapes).
var page = template.Must(template.New("dashboard").Parse(`<!doctype html><html><head><meta charset="utf-8">` +
	`<title>Referrals</title></head>
<body><h1>Referrals of {{.User}}</h1>{{if ne .Status 200}}<p>No referral account for {{.User}} (sidecar answered {{.Status}}).</p>
{{else if .D.Pending}}<p>Your referral account is being set up: come back in a minute.</p>
{{else}}<p>Your link: <a id="referral-link" href="{{.D.ReferralLink}}">{{.D.ReferralLink}}</a></p>
<p>Friends referred: <strong id="referrals-count">{{.D.ReferralsCount}}</strong></p>
<h2>Earned</h2><ul id="balance">{{range .D.Balance.Currency}}<li>{{.Amount}} {{.AmountUnits}}</li>{{end}}</ul>
<h2>Friends</h2><ul id="referrals">{{range .D.Referrals}}<li>{{.Name}}: {{.Status}}</li>{{end}}</ul>
{{if .D.Stale}}<p>(may be a few minutes old)</p>{{end}}{{end}}</body></html>`))

func dashboardPage(w http.ResponseWriter, r *http.Request) {
	user := strings.TrimPrefix(r.URL.Path, "/dashboard/")
	status, body, err := sidecar("GET", "/referrals/"+url.PathEscape(user), nil, "")
	if err != nil {
		forward(w, 0, nil, err)
		return
	}
	var d dashboard
	if status == http.StatusOK {
		json.Unmarshal(body, &d)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	page.Execute(w, map[string]any{"User": user, "Status": status, "D": d})
}

// verify checks a Standard Webhooks signature: v1,base64(HMAC-SHA256(key, id.timestamp.body)), 5 minutes' tolerance.
func verify(header http.Header, payload []byte) error {
	id, timestamp, signatures := header.Get("webhook-id"), header.Get("webhook-timestamp"), header.Get("webhook-signature")
	seconds, err := strconv.ParseInt(timestamp, 10, 64)
	if id == "" || signatures == "" || err != nil {
		return fmt.Errorf("missing webhook headers")
	}
	if age := time.Since(time.Unix(seconds, 0)); age > tolerance || age < -tolerance {
		return fmt.Errorf("timestamp too old or too new")
	}
	mac := hmac.New(sha256.New, webhookKey)
	mac.Write([]byte(id + "." + timestamp + "."))
	mac.Write(payload)
	expected := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	for _, signature := range strings.Split(signatures, " ") {
		version, value, _ := strings.Cut(signature, ",")
		if version == "v1" && hmac.Equal([]byte(value), []byte(expected)) {
			return nil
		}
	}
	return fmt.Errorf("no matching signature")
}

// receive takes the relay from the sidecar: verify (signature and timestamp), then drop a repeat by its webhook-id.
func receive(w http.ResponseWriter, r *http.Request) {
	payload, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err == nil {
		err = verify(r.Header, payload)
	}
	if err != nil {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": err.Error()})
		return
	}
	var event struct{ Event string }
	json.Unmarshal(payload, &event)
	id := r.Header.Get("webhook-id")
	mu.Lock()
	_, seen := events[id]
	if !seen {
		events[id] = event.Event
		arrival = append(arrival, id)
	}
	mu.Unlock()
	if seen {
		writeJSON(w, http.StatusOK, map[string]string{"status": "duplicate"})
		return
	}
	// Act on the event here: e.g. transaction.created -> thank the referrer.
	writeJSON(w, http.StatusOK, map[string]string{"status": "accepted"})
}

func listEvents(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	defer mu.Unlock()
	list := []map[string]string{}
	for _, id := range arrival {
		list = append(list, map[string]string{"id": id, "type": events[id]})
	}
	writeJSON(w, http.StatusOK, list)
}

// only routes one method to a handler (Go 1.19's ServeMux matches paths only).
func only(method string, handler http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method {
			writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
			return
		}
		handler(w, r)
	}
}

func main() {
	secret := os.Getenv("APP_WEBHOOK_SECRET")
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if !strings.HasPrefix(secret, "whsec_") || err != nil {
		log.Fatal("Set APP_WEBHOOK_SECRET to the sidecar's whsec_... secret")
	}
	webhookKey = key
	mux := http.NewServeMux()
	mux.HandleFunc("/signup", only("POST", signup))
	mux.HandleFunc("/checkout", only("POST", checkout))
	mux.HandleFunc("/refund", only("POST", refund))
	mux.HandleFunc("/dashboard/", only("GET", dashboardPage))
	mux.HandleFunc("/webhooks/referrals", only("POST", receive))
	mux.HandleFunc("/events", only("GET", listEvents))
	address := "127.0.0.1:" + envOr("PORT", "3000")
	log.Printf("example backend on http://%s -> %s", address, sidecarURL)
	log.Fatal(http.ListenAndServe(address, mux))
}
