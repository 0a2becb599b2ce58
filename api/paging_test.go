package api_test

import (
	"net/url"
	"strconv"
	"testing"
)

// listPage is the envelope of every list, with the items kept as slugs.
type listPage struct {
	Data []struct {
		Slug string `json:"slug"`
	} `json:"data"`
	Links struct {
		Self string  `json:"self"`
		Next *string `json:"next"`
	} `json:"links"`
	Meta struct {
		Limit int `json:"limit"`
	} `json:"meta"`
}

func TestPagingFollowsLinksNext(t *testing.T) {
	backends(t, func(t *testing.T, srv *server) {
		for _, tc := range []struct {
			list  string
			limit int
		}{
			{"/v1/concepts", 7}, {"/v1/concepts", 1}, {"/v1/answers", 10}, {"/v1/cities", 3},
		} {
			all := getJSON[listPage](t, srv, tc.list+"?limit=500")
			if all.Links.Next != nil || all.Meta.Limit != 500 {
				t.Fatalf("%s?limit=500: next %v, meta.limit %d", tc.list, all.Links.Next, all.Meta.Limit)
			}
			if len(all.Data) <= tc.limit {
				t.Fatalf("%s has %d records: too few to page by %d", tc.list, len(all.Data), tc.limit)
			}
			seen := map[string]bool{}
			var order []string
			target, pages := tc.list+"?limit="+strconv.Itoa(tc.limit), 0
			for {
				p := getJSON[listPage](t, srv, target)
				pages++
				if len(p.Data) > tc.limit || p.Meta.Limit != tc.limit || (p.Links.Next != nil && len(p.Data) != tc.limit) {
					t.Fatalf("%s: %d records, meta.limit %d, next %v", target, len(p.Data), p.Meta.Limit, p.Links.Next)
				}
				if p.Links.Self != target {
					t.Errorf("links.self %q, want the request %q", p.Links.Self, target)
				}
				for _, d := range p.Data {
					if seen[d.Slug] {
						t.Errorf("%s: %s served twice", tc.list, d.Slug)
					}
					seen[d.Slug] = true
					order = append(order, d.Slug)
				}
				if p.Links.Next == nil {
					break
				}
				u, err := url.Parse(*p.Links.Next)
				if err != nil || u.Path != tc.list || u.Query().Get("limit") != strconv.Itoa(tc.limit) || u.Query().Get("cursor") == "" {
					t.Fatalf("links.next %q: want %s with limit=%d and a cursor", *p.Links.Next, tc.list, tc.limit)
				}
				target = *p.Links.Next
			}
			if len(order) != len(all.Data) {
				t.Errorf("%s by %d: %d records over %d pages, want %d", tc.list, tc.limit, len(order), pages, len(all.Data))
			}
			for i := range min(len(order), len(all.Data)) {
				if order[i] != all.Data[i].Slug {
					t.Errorf("%s by %d: record %d is %s, the single page has %s", tc.list, tc.limit, i, order[i], all.Data[i].Slug)
					break
				}
			}
		}
	})
}
