"""Staff find the alert network from every staff page's header."""

from __future__ import annotations

from django.urls import reverse

NETWORK_HOME = "/reseau/demo/"


def test_moderators_and_admins_see_the_network_link_and_others_do_not(client, network, cast):
    for user, shown in (
        (network.moderator, True),
        (network.legal_worker, True),
        (cast.admin, True),
        (cast.reviewer, False),
        (cast.outsider, False),
    ):
        client.force_login(user)
        page = client.get(reverse("questionnaires:home")).content.decode()
        assert (f'href="{NETWORK_HOME}"' in page) is shown, user


def test_the_link_costs_one_query_and_only_on_pages_that_show_it(
    client, network, django_assert_max_num_queries
):
    from veilleuse.alerts.context_processors import network_links_for

    with django_assert_max_num_queries(1):
        links = network_links_for(network.moderator.pk)
    assert [link["url"] for link in links] == [NETWORK_HOME]
